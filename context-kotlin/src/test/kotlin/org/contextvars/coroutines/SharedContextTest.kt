package org.contextvars.coroutines

import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.supervisorScope
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.coroutines.yield
import org.contextvars.coroutines.Vars.REQUEST
import org.contextvars.coroutines.Vars.STEP
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource
import kotlin.test.assertEquals

/**
 * Scoping functions without a new element are an `await` in asyncio terms: the block runs in the
 * caller's own context, so sets inside are visible after it returns, and tokens cross the boundary.
 */
class SharedContextTest : ContextTestBase() {

    private class Scoping(val name: String, val run: suspend (suspend () -> Unit) -> Unit) {
        override fun toString() = name
    }

    private val scopings = listOf(
        Scoping("withContext(IO)") { block -> withContext(Dispatchers.IO) { block() } },
        Scoping("withContext(custom executor)") { block -> withContext(TestPools.other.dispatcher) { block() } },
        Scoping("withContext(Unconfined)") { block -> withContext(Dispatchers.Unconfined) { block() } },
        Scoping("withContext(immediate)") { block -> withContext(TestPools.immediate) { block() } },
        Scoping("withContext(CoroutineName)") { block -> withContext(CoroutineName("named")) { block() } },
        Scoping("withContext(NonCancellable)") { block -> withContext(NonCancellable) { block() } },
        Scoping("coroutineScope") { block -> coroutineScope { block() } },
        Scoping("supervisorScope") { block -> supervisorScope { block() } },
        Scoping("withTimeout") { block -> withTimeout(60_000) { block() } },
        Scoping("withTimeoutOrNull") { block -> withTimeoutOrNull(60_000) { block() } },
    )

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.contextvars.coroutines.TestPools#dispatchers")
    fun `sets inside a scoping function are visible after it returns`(case: DispatcherCase) = runBlocking(ContextElement()) {
        withContext(case.context) {
            for ((index, scoping) in scopings.withIndex()) {
                REQUEST.set("before $scoping")
                scoping.run {
                    assertEquals("before $scoping", REQUEST.get(), "inside $scoping")
                    yield()
                    STEP.set(index)
                    delay(1)
                    REQUEST.set("inside $scoping")
                }
                assertEquals("inside $scoping", REQUEST.get(), "after $scoping on $case")
                assertEquals(index, STEP.get(), "after $scoping on $case")
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.contextvars.coroutines.TestPools#dispatchers")
    fun `a token crosses a scoping function in both directions`(case: DispatcherCase) = runBlocking(ContextElement()) {
        withContext(case.context) {
            for (scoping in scopings) {
                val outer = REQUEST.set("outer")
                lateinit var inner: org.contextvars.Token<Int>
                scoping.run {
                    delay(1)
                    REQUEST.reset(outer) // the caller's token works inside
                    inner = STEP.set(5)
                }
                assertEquals(false, REQUEST.isBound(), "after $scoping")
                yield()
                STEP.reset(inner) // and the block's token works after
                assertEquals(false, STEP.isBound(), "after $scoping")
            }
        }
    }
}
