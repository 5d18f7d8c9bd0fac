package org.contextvars.coroutines

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.asCompletableFuture
import kotlinx.coroutines.future.future
import kotlinx.coroutines.job
import kotlinx.coroutines.runBlocking
import org.contextvars.Context
import org.contextvars.coroutines.Vars.REQUEST
import org.contextvars.coroutines.Vars.STEP
import org.junit.jupiter.api.Test
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotSame
import kotlin.test.assertSame
import kotlin.test.assertTrue

/** A scope that outlives requests, used from plain Java threads. */
class LongLivedScopeTest : ContextTestBase() {

    private val threads = Stress.pick(16, 64)
    private val launchesPerThread = Stress.pick(50, 500)

    @Test
    fun `each coroutine captures the context of the plain thread that launches it`() {
        val scope = CoroutineScope(SupervisorJob() + TestPools.small.dispatcher + ContextElement())
        TestPools.small.withThreadMarkers {
            val start = CountDownLatch(1)
            val results = (1..threads).map { t ->
                val result = CompletableFuture<List<String>>()
                thread(name = "caller-$t") {
                    start.await()
                    val token = REQUEST.set("thread $t")
                    val seen = (1..launchesPerThread).map { n ->
                        STEP.set(n)
                        scope.async {
                            delay(1)
                            val saw = "${REQUEST.get()}/${STEP.get()}"
                            REQUEST.set("changed by coroutine")
                            saw
                        }
                    }
                    runBlocking { result.complete(seen.map { it.await() }) }
                    // The caller's own context is exactly the one it had: its token still resets.
                    if (REQUEST.get() != "thread $t") result.completeExceptionally(AssertionError("caller $t changed"))
                    REQUEST.reset(token)
                }
                result
            }
            start.countDown()
            results.forEachIndexed { index, result ->
                val t = index + 1
                assertEquals((1..launchesPerThread).map { "thread $t/$it" }, result.get(60, TimeUnit.SECONDS))
            }
        }
        scope.cancel()
    }

    @Test
    fun `ContextScope captures the launching thread and has a supervisor job, a dispatcher and an element`() {
        val scope = ContextScope()
        assertTrue(scope.coroutineContext[ContextElement] != null)
        val failing = scope.async { error("one child fails") }
        val token = REQUEST.set("java thread")
        val seen = scope.future { REQUEST.get() }.get(10, TimeUnit.SECONDS)
        REQUEST.reset(token)
        assertEquals("java thread", seen)
        assertFailsWith<IllegalStateException> { runBlocking { failing.await() } }
        assertTrue(scope.coroutineContext.job.isActive, "a failing child must not cancel the scope")
        scope.cancel()
    }

    @Test
    fun `ContextScope keeps an element and a dispatcher it is given, and joins a given parent job`() {
        val parent = SupervisorJob()
        val source = Context()
        source.run { REQUEST.set("from source") }
        val element = source.asContextElement()
        val scope = ContextScope(parent + Dispatchers.IO + element)
        assertSame(element, scope.coroutineContext[ContextElement])
        assertSame(Dispatchers.IO, scope.coroutineContext[kotlin.coroutines.ContinuationInterceptor])
        assertNotSame(parent, scope.coroutineContext.job)
        assertSame(parent, scope.coroutineContext.job.parent)
        assertEquals("from source", scope.future { REQUEST.get() }.get(10, TimeUnit.SECONDS))
        parent.cancel()
        assertTrue(scope.coroutineContext.job.isCancelled)
    }

    @Test
    fun `futureWithCallerContext captures the caller even when the scope has no element`() {
        val scope = CoroutineScope(SupervisorJob() + TestPools.small.dispatcher)
        val token = REQUEST.set("caller")
        val future = scope.futureWithCallerContext {
            delay(1)
            REQUEST.get().also { REQUEST.set("changed") }
        }
        assertEquals("caller", future.get(10, TimeUnit.SECONDS))
        assertEquals("caller", REQUEST.get())
        REQUEST.reset(token)
        scope.cancel()
    }

    @Test
    fun `futureWithCallerContext lets an element in its context decide`() {
        val scope = CoroutineScope(SupervisorJob() + TestPools.small.dispatcher)
        val token = REQUEST.set("caller")
        val seen = scope.futureWithCallerContext(STEP.asContextElement(4)) { REQUEST.get() to STEP.get() }
        assertEquals("caller" to 4, seen.get(10, TimeUnit.SECONDS))
        REQUEST.reset(token)
        scope.cancel()
    }

    @Test
    fun `cancelling the future cancels the coroutine and the thread keeps its context`() {
        val scope = ContextScope(TestPools.small.dispatcher)
        TestPools.small.withThreadMarkers {
            val started = CompletableDeferred<Unit>()
            val future = scope.futureWithCallerContext {
                REQUEST.set("inside")
                started.complete(Unit)
                delay(60_000)
            }
            runBlocking { started.await() }
            future.cancel(true)
            runBlocking { scope.coroutineContext.job.children.forEach { it.join() } }
        }
        val completed = scope.async { STEP.get() }.asCompletableFuture()
        assertEquals(0, completed.get(10, TimeUnit.SECONDS))
        scope.cancel()
    }
}
