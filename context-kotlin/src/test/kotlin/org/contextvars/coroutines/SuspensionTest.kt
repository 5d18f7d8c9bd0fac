package org.contextvars.coroutines

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.contextvars.coroutines.Vars.NULLABLE
import org.contextvars.coroutines.Vars.REQUEST
import org.contextvars.coroutines.Vars.STEP
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource
import kotlin.concurrent.thread
import kotlin.coroutines.resume
import kotlin.test.assertEquals

/** `get` and `set` inside one coroutine, across every kind of suspension and dispatcher switch. */
class SuspensionTest : ContextTestBase() {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.contextvars.coroutines.TestPools#dispatchers")
    fun `a value bound for the coroutine survives every kind of suspension`(case: DispatcherCase) = runBlocking {
        withContext(case.context + REQUEST.asContextElement("r-1")) {
            for (suspension in suspensions) {
                suspension.run()
                assertEquals("r-1", REQUEST.get(), "after ${suspension.name}")
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.contextvars.coroutines.TestPools#dispatchers")
    fun `a set inside the coroutine persists across every kind of suspension`(case: DispatcherCase) = runBlocking(ContextElement()) {
        withContext(case.context) {
            for ((index, suspension) in suspensions.withIndex()) {
                STEP.set(index)
                NULLABLE.set(null)
                suspension.run()
                assertEquals(index, STEP.get(), "after ${suspension.name}")
                assertEquals(null, NULLABLE.get(), "after ${suspension.name}")
            }
        }
    }

    private class Suspension(val name: String, val run: suspend () -> Unit)

    private val suspensions = listOf(
        Suspension("delay") { delay(1) },
        Suspension("yield") { yield() },
        Suspension("withContext(IO)") { withContext(Dispatchers.IO) { delay(1) } },
        Suspension("withContext(custom executor)") { withContext(TestPools.other.dispatcher) { yield() } },
        Suspension("withContext(Unconfined)") { withContext(Dispatchers.Unconfined) { delay(1) } },
        Suspension("resumed from a foreign thread") {
            suspendCancellableCoroutine<Unit> { continuation -> thread { continuation.resume(Unit) } }
        },
        Suspension("resumed from a foreign thread with its own context") {
            suspendCancellableCoroutine<Unit> { continuation ->
                thread {
                    STEP.set(-1)
                    REQUEST.set("foreign")
                    continuation.resume(Unit)
                }
            }
        },
    )
}
