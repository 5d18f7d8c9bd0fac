package org.contextvars.coroutines

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.contextvars.coroutines.Vars.LEVEL
import org.contextvars.coroutines.Vars.REQUEST
import org.contextvars.coroutines.Vars.STEP
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import kotlin.coroutines.CoroutineContext
import kotlin.test.assertEquals
import kotlin.test.assertFalse

/**
 * Resumptions that run a coroutine inside someone else's stack frame: `Dispatchers.Unconfined`
 * resumed from a foreign thread, `CoroutineStart.UNDISPATCHED`, and `Main.immediate`-style
 * dispatchers. The resumed coroutine sees its own values; the frame it ran in gets its own back.
 */
class InlineResumptionTest : ContextTestBase() {

    @Test
    fun `an Unconfined coroutine resumed on foreign threads sees its own values and leaves theirs alone`() {
        val firstResume = CompletableDeferred<Unit>()
        val secondResume = CompletableDeferred<Unit>()
        val seen = CompletableFuture<List<String>>()
        runBlocking(ContextElement()) {
            launch(Dispatchers.Unconfined + REQUEST.asContextElement("coroutine")) {
                firstResume.await()
                val first = "${REQUEST.get()} on ${threadName()}"
                STEP.set(1)
                secondResume.await()
                seen.complete(listOf(first, "${REQUEST.get()}/${STEP.get()} on ${threadName()}"))
            }
            for ((name, resume) in listOf("foreign-1" to firstResume, "foreign-2" to secondResume)) {
                val foreign = CompletableFuture<String>()
                thread(name = name) {
                    val token = REQUEST.set(name)
                    resume.complete(Unit) // runs the coroutine right here, on this thread
                    val after = "${REQUEST.get()}/${STEP.isBound()}"
                    REQUEST.reset(token) // proves the very same context object is back
                    foreign.complete(after)
                }
                assertEquals("$name/false", foreign.get(10, TimeUnit.SECONDS))
            }
        }
        assertEquals(listOf("coroutine on foreign-1", "coroutine/1 on foreign-2"), seen.get(10, TimeUnit.SECONDS))
    }

    @Test
    fun `nested Unconfined coroutines queued on the event loop keep their own values`() = runBlocking(ContextElement()) {
        withContext(Dispatchers.Unconfined) {
            REQUEST.set("outer")
            val inner = launch(Dispatchers.Unconfined) {
                REQUEST.set("inner")
                launch(Dispatchers.Unconfined) {
                    assertEquals("inner", REQUEST.get())
                    REQUEST.set("innermost")
                    yield()
                    assertEquals("innermost", REQUEST.get())
                }
                assertEquals("inner", REQUEST.get())
                yield()
                assertEquals("inner", REQUEST.get())
            }
            assertEquals("outer", REQUEST.get())
            inner.join()
            assertEquals("outer", REQUEST.get())
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.contextvars.coroutines.TestPools#dispatchers")
    fun `an UNDISPATCHED child runs in its snapshot and hands the caller its own context back`(case: DispatcherCase) =
        runBlocking(ContextElement()) {
            withContext(case.context) {
                REQUEST.set("parent")
                val release = CompletableDeferred<Unit>()
                val child = async(TestPools.other.dispatcher, start = CoroutineStart.UNDISPATCHED) {
                    val atStart = REQUEST.get()
                    REQUEST.set("child")
                    release.await() // the first suspension hands the thread back to the parent
                    "$atStart/${REQUEST.get()}"
                }
                assertEquals("parent", REQUEST.get(), "the child's set leaked into the parent on $case")
                REQUEST.set("parent again")
                release.complete(Unit)
                assertEquals("parent/child", child.await())
                assertEquals("parent again", REQUEST.get())
            }
        }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.contextvars.coroutines.TestPools#dispatchers")
    fun `an UNDISPATCHED child with its own binding on the same dispatcher`(case: DispatcherCase) =
        runBlocking(ContextElement()) {
            withContext(case.context) {
                REQUEST.set("parent")
                val child = launch(LEVEL.asContextElement(1), start = CoroutineStart.UNDISPATCHED) {
                    assertEquals("parent" to 1, REQUEST.get() to LEVEL.get())
                    STEP.set(1)
                    delay(1)
                    assertEquals(1, STEP.get())
                }
                assertFalse(LEVEL.isBound())
                assertFalse(STEP.isBound())
                child.join()
                assertEquals("parent", REQUEST.get())
            }
        }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inlineDispatchers")
    fun `a coroutine resumed inline by another coroutine on the same thread keeps both contexts apart`(
        dispatcher: NamedContext,
    ) = runBlocking(ContextElement()) {
        withContext(dispatcher.context) {
            val signal = CompletableDeferred<Unit>()
            val done = CompletableDeferred<String>()
            launch(REQUEST.asContextElement("waiter")) {
                signal.await()
                REQUEST.set("waiter after resume")
                yield()
                done.complete(REQUEST.get())
            }
            yield()
            launch(REQUEST.asContextElement("signaller")) {
                signal.complete(Unit) // resumes the waiter inside this call on immediate dispatchers
                assertEquals("signaller", REQUEST.get())
                STEP.set(9)
                yield()
                assertEquals("signaller" to 9, REQUEST.get() to STEP.get())
            }.join()
            assertEquals("waiter after resume", done.await())
            assertFalse(REQUEST.isBound())
        }
    }

    @Test
    fun `withContext on the immediate dispatcher from its own thread runs inline and shares the context`() =
        runBlocking(ContextElement()) {
            withContext(TestPools.immediate) {
                REQUEST.set("outer")
                withContext(TestPools.immediate) {
                    REQUEST.set("inner")
                }
                assertEquals("inner", REQUEST.get())
                withContext(TestPools.immediate + STEP.asContextElement(2)) {
                    assertEquals("inner" to 2, REQUEST.get() to STEP.get())
                    REQUEST.set("scoped")
                }
                assertEquals("inner", REQUEST.get())
            }
        }

    /** The thread's name without the coroutine suffix that debug mode appends. */
    private fun threadName() = Thread.currentThread().name.substringBefore(" @")

    class NamedContext(private val name: String, val context: CoroutineContext) {
        override fun toString() = name
    }

    companion object {
        @JvmStatic
        fun inlineDispatchers() = listOf(
            NamedContext("Unconfined", Dispatchers.Unconfined),
            NamedContext("immediate", TestPools.immediate),
            NamedContext("single thread", TestPools.single.dispatcher),
        )
    }
}
