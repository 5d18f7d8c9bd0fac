package org.contextvars.coroutines

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.contextvars.coroutines.Vars.REQUEST
import org.contextvars.coroutines.Vars.STEP
import org.junit.jupiter.api.Test
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.resume
import kotlin.coroutines.startCoroutine
import kotlin.coroutines.suspendCoroutine
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotEquals

/** Pins down the behaviours that the KDoc of [ContextElement] lists under Cautions. */
class DocumentedLimitsTest : ContextTestBase() {

    @Test
    fun `a coroutine without any element runs in the thread's context and its sets land there`() {
        val outer = REQUEST.set("thread")
        val inner = runBlocking {
            assertEquals("thread", REQUEST.get())
            STEP.set(1)
        }
        assertEquals(1, STEP.get(), "without an element the set went to the thread's own context")
        STEP.reset(inner) // the coroutine's token belongs to the thread's own context
        REQUEST.reset(outer)
    }

    @Test
    fun `plain runBlocking inside a coroutine shares the caller's live context`() = runBlocking(ContextElement()) {
        REQUEST.set("caller")
        runBlocking { REQUEST.set("nested runBlocking") }
        assertEquals("nested runBlocking", REQUEST.get())
        runBlocking(ContextElement()) { REQUEST.set("isolated runBlocking") }
        assertEquals("nested runBlocking", REQUEST.get())
    }

    @Test
    fun `withContext with the caller's own element starts a new context`() = runBlocking(ContextElement()) {
        REQUEST.set("caller")
        withContext(coroutineContext + Dispatchers.IO) {
            assertEquals("caller", REQUEST.get())
            REQUEST.set("inside")
        }
        assertEquals("caller", REQUEST.get())
        withContext(Dispatchers.IO) { REQUEST.set("shared") }
        assertEquals("shared", REQUEST.get())
    }

    @Test
    fun `a scope captured in a coroutine and used from another thread copies that thread's context`() =
        runBlocking(ContextElement()) {
            REQUEST.set("owner")
            val captured = CoroutineScope(coroutineContext)
            val seen = CompletableFuture<String>()
            thread {
                val token = REQUEST.set("other thread")
                val child = captured.async(Dispatchers.Default) { REQUEST.get() }
                child.invokeOnCompletion { seen.complete(child.getCompleted()) }
                REQUEST.reset(token)
            }
            assertEquals("other thread", seen.get(10, TimeUnit.SECONDS))
            assertEquals("owner", REQUEST.get())
        }

    @Test
    fun `runTest installs its element as given and children still get copies`() {
        runTest(REQUEST.asContextElement("test body")) {
            assertEquals("test body", REQUEST.get())
            delay(1_000) // virtual time
            REQUEST.set("changed")
            val child = launch { assertEquals("changed", REQUEST.get()); REQUEST.set("child") }
            child.join()
            assertEquals("changed", REQUEST.get())
        }
        assertFalse(REQUEST.isBound())
    }

    @Test
    fun `a coroutine without a dispatcher is resumed without its element`() {
        // Like a bare `suspend fun main`: no dispatcher, so kotlinx.coroutines never installs thread
        // context elements when it resumes, and the code sees the resuming thread's context.
        val suspended = CompletableFuture<Continuation<Unit>>()
        val result = CompletableFuture<List<String>>()
        val token = REQUEST.set("starter")
        try {
            val block: suspend () -> List<String> = {
                withContext(STEP.asContextElement(1)) {
                    val before = "${REQUEST.orElse("none")}/${STEP.orElse(-1)}"
                    suspendCoroutine<Unit> { suspended.complete(it) }
                    listOf(before, "${REQUEST.orElse("none")}/${STEP.orElse(-1)}")
                }
            }
            block.startCoroutine(Continuation(EmptyCoroutineContext) { result.complete(it.getOrThrow()) })
        } finally {
            REQUEST.reset(token) // the starting thread is back in its own context
        }
        thread {
            val foreign = REQUEST.set("resumer")
            suspended.get().resume(Unit) // runs the coroutine right here, with nothing installed
            REQUEST.reset(foreign)
        }
        assertEquals(listOf("starter/1", "resumer/-1"), result.get(10, TimeUnit.SECONDS))
    }

    @Test
    fun `a coroutine without a dispatcher works inside withContext with a dispatcher and an element`() {
        val result = CompletableFuture<List<String>>()
        val token = REQUEST.set("starter")
        try {
            val block: suspend () -> List<String> = {
                withContext(Dispatchers.Default + STEP.asContextElement(1)) {
                    val before = "${REQUEST.get()}/${STEP.get()}"
                    delay(1)
                    withContext(TestPools.other.dispatcher) { yield() }
                    listOf(before, "${REQUEST.get()}/${STEP.get()}")
                }
            }
            block.startCoroutine(Continuation(EmptyCoroutineContext) { result.complete(it.getOrThrow()) })
        } finally {
            REQUEST.reset(token)
        }
        assertEquals(listOf("starter/1", "starter/1"), result.get(10, TimeUnit.SECONDS))
    }

    @Test
    fun `coroutine debug mode is on in the default test run and off in the second one`() = runBlocking {
        val debugOff = System.getProperty("kotlinx.coroutines.debug") == "off"
        val named = withContext(Dispatchers.Default) { Thread.currentThread().name }
        assertNotEquals(debugOff, " @coroutine#" in named, "thread name $named, debug property off: $debugOff")
    }
}
