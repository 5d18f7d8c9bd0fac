package org.contextvars.coroutines

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.supervisorScope
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import org.contextvars.coroutines.Vars.LEVEL
import org.contextvars.coroutines.Vars.REQUEST
import org.contextvars.coroutines.Vars.STEP
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith

/**
 * After coroutines complete, are cancelled or fail, every pooled thread and the calling thread are
 * back in exactly the context object they had before: each one's own token still resets there.
 */
class NoLeakTest : ContextTestBase() {

    private val coroutines = Stress.pick(200, 2_000)

    private class Ending(val name: String, val run: suspend CoroutineScope.(DispatcherCase, Int) -> Unit) {
        override fun toString() = name
    }

    private val endings = listOf(
        Ending("completion") { case, n ->
            List(n) { i ->
                launch(case.context + REQUEST.asContextElement("r-$i")) {
                    STEP.set(i)
                    yield()
                    withContext(TestPools.other.dispatcher) { LEVEL.set(i); delay(1) }
                    STEP.set(-i)
                }
            }.forEach { it.join() }
        },
        Ending("cancellation while suspended") { case, n ->
            val started = CompletableDeferred<Unit>()
            var running = 0
            val jobs = List(n) { i ->
                launch(case.context + REQUEST.asContextElement("r-$i")) {
                    STEP.set(i)
                    withContext(TestPools.other.dispatcher + LEVEL.asContextElement(i)) {
                        synchronized(started) { if (++running == n) started.complete(Unit) }
                        delay(60_000)
                    }
                }
            }
            started.await()
            jobs.forEach { it.cancelAndJoin() }
        },
        Ending("exception") { case, n ->
            supervisorScope {
                val failures = List(n) { i ->
                    async(case.context + REQUEST.asContextElement("r-$i")) {
                        STEP.set(i)
                        delay(1)
                        withContext(TestPools.other.dispatcher) { LEVEL.set(i); error("failure $i") }
                    }
                }
                failures.forEach { assertFailsWith<IllegalStateException> { it.await() } }
            }
        },
        Ending("timeout inside a scoped binding") { case, n ->
            List(n) { i ->
                async(case.context) {
                    REQUEST.set("r-$i")
                    assertFailsWith<TimeoutCancellationException> {
                        withTimeout(5) {
                            withContext(TestPools.other.dispatcher + LEVEL.asContextElement(i)) {
                                STEP.set(i)
                                delay(60_000)
                            }
                        }
                    }
                    assertEquals("r-$i", REQUEST.get())
                }
            }.awaitAll()
        },
        Ending("undispatched children cancelled by their parent") { case, n ->
            val parent = launch(case.context) {
                repeat(n) { i ->
                    launch(REQUEST.asContextElement("r-$i"), start = CoroutineStart.UNDISPATCHED) {
                        STEP.set(i)
                        delay(60_000)
                    }
                }
            }
            yield()
            while (parent.children.count() < n) delay(1)
            parent.cancelAndJoin()
        },
        Ending("cancellation of a long-lived scope") { case, n ->
            val scope = CoroutineScope(Job() + case.context + ContextElement())
            repeat(n) { i -> scope.launch { REQUEST.set("r-$i"); delay(60_000) } }
            yield()
            scope.coroutineContext[Job]!!.cancelAndJoin()
        },
    )

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.contextvars.coroutines.TestPools#dispatchers")
    fun `no context stays behind after any ending`(case: DispatcherCase) {
        for (ending in endings) {
            val callerToken = REQUEST.set("caller")
            TestPools.withMarkersOnAllPools {
                runBlocking(ContextElement()) {
                    ending.run(this, case, coroutines)
                    assertEquals("caller", REQUEST.get(), "$ending on $case changed the parent coroutine")
                }
            }
            assertEquals("caller", REQUEST.get(), "$ending on $case changed the calling thread")
            REQUEST.reset(callerToken) // the calling thread's own context object is current again
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.contextvars.coroutines.TestPools#dispatchers")
    fun `runBlocking that throws leaves the calling thread in its own context`(case: DispatcherCase) {
        val callerToken = REQUEST.set("caller")
        assertFailsWith<IllegalStateException> {
            runBlocking(Dispatchers.Unconfined + ContextElement()) {
                withContext(case.context + LEVEL.asContextElement(1)) {
                    REQUEST.set("inside")
                    delay(1)
                    error("fails")
                }
            }
        }
        REQUEST.reset(callerToken)
    }
}
