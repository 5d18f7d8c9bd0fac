package org.contextvars.coroutines

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import org.contextvars.Context
import org.contextvars.coroutines.Vars.LEVEL
import org.contextvars.coroutines.Vars.REQUEST
import org.contextvars.coroutines.Vars.STEP
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/** `withContext(VAR.asContextElement(v))` and friends: the caller's context plus bindings, for one block. */
class ScopedBindingTest : ContextTestBase() {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.contextvars.coroutines.TestPools#dispatchers")
    fun `the block sees the caller's context plus the binding, and the caller is unchanged after`(case: DispatcherCase) =
        runBlocking(ContextElement()) {
            withContext(case.context) {
                REQUEST.set("caller")
                val seen = withContext(STEP.asContextElement(7)) {
                    val atStart = REQUEST.get() to STEP.get()
                    delay(1)
                    REQUEST.set("changed inside")
                    STEP.set(8)
                    yield()
                    atStart
                }
                assertEquals("caller" to 7, seen)
                assertEquals("caller", REQUEST.get())
                assertFalse(STEP.isBound())
            }
        }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.contextvars.coroutines.TestPools#dispatchers")
    fun `a binding combined with a dispatcher switch behaves the same`(case: DispatcherCase) =
        runBlocking(ContextElement()) {
            REQUEST.set("caller")
            withContext(case.context + REQUEST.asContextElement("bound")) {
                assertEquals("bound", REQUEST.get())
                delay(1)
                REQUEST.set("changed inside")
            }
            assertEquals("caller", REQUEST.get())
        }

    @Test
    fun `nested bindings each see the enclosing ones and unwind in order`() = runBlocking(ContextElement()) {
        withContext(LEVEL.asContextElement(1)) {
            REQUEST.set("level 1")
            withContext(TestPools.small.dispatcher + LEVEL.asContextElement(2)) {
                assertEquals("level 1", REQUEST.get())
                withContext(LEVEL.asContextElement(3)) {
                    delay(1)
                    assertEquals(3, LEVEL.get())
                    REQUEST.set("level 3")
                }
                assertEquals(2, LEVEL.get())
                assertEquals("level 1", REQUEST.get())
            }
            assertEquals(1, LEVEL.get())
        }
        assertFalse(LEVEL.isBound())
        assertFalse(REQUEST.isBound())
    }

    @Test
    fun `the caller is unchanged after the block throws or is cancelled`() = runBlocking(ContextElement()) {
        REQUEST.set("caller")
        assertFailsWith<IllegalStateException> {
            withContext(REQUEST.asContextElement("bound")) {
                delay(1)
                REQUEST.set("changed")
                error("boom")
            }
        }
        assertEquals("caller", REQUEST.get())
        assertFailsWith<CancellationException> {
            withTimeout(10) {
                withContext(TestPools.small.dispatcher + REQUEST.asContextElement("bound")) {
                    REQUEST.set("changed")
                    delay(60_000)
                }
            }
        }
        assertEquals("caller", REQUEST.get())
    }

    @Test
    fun `withContextVars binds several variables in one element`() = runBlocking(ContextElement()) {
        REQUEST.set("caller")
        val seen = withContextVars(STEP boundTo 1, LEVEL boundTo 2) {
            delay(1)
            Triple(REQUEST.get(), STEP.get(), LEVEL.get())
        }
        assertEquals(Triple("caller", 1, 2), seen)
        assertFalse(STEP.isBound() || LEVEL.isBound())
    }

    @Test
    fun `withContextVars with no bindings runs the block in a private copy`() = runBlocking(ContextElement()) {
        REQUEST.set("caller")
        withContextVars {
            assertEquals("caller", REQUEST.get())
            REQUEST.set("inside the copy")
        }
        assertEquals("caller", REQUEST.get())
    }

    @Test
    fun `withContextVars rejects a variable bound twice and runs nothing`() = runBlocking(ContextElement()) {
        var ran = false
        val error = assertFailsWith<IllegalArgumentException> {
            withContextVars(STEP boundTo 1, STEP boundTo 2) { ran = true }
        }
        assertTrue("ContextVar(step) is bound twice" in error.message!!, error.message)
        assertFalse("default" in error.message!!, error.message)
        assertFalse(ran)
    }

    @Test
    fun `two bindings added together replace each other, which is why one element carries them all`() =
        runBlocking(ContextElement()) {
            withContext(STEP.asContextElement(1) + LEVEL.asContextElement(2)) {
                assertFalse(STEP.isBound()) // the later element replaced the earlier one
                assertEquals(2, LEVEL.get())
            }
        }

    @Test
    fun `children launched inside the block start in a copy of the block's context`() = runBlocking(ContextElement()) {
        val seen = withContext(REQUEST.asContextElement("bound")) {
            REQUEST.set("set in block")
            val child = launch(TestPools.small.dispatcher) {
                assertEquals("set in block", REQUEST.get())
                REQUEST.set("child")
            }
            child.join()
            REQUEST.get()
        }
        assertEquals("set in block", seen)
        assertFalse(REQUEST.isBound())
    }

    @Test
    fun `a binding for a caller without any element leaves the thread's own context unchanged`() {
        val token = REQUEST.set("thread")
        runBlocking {
            withContext(STEP.asContextElement(3)) {
                assertEquals("thread", REQUEST.get())
                delay(1)
                REQUEST.set("changed")
            }
            assertEquals("thread", REQUEST.get())
            assertFalse(STEP.isBound())
        }
        REQUEST.reset(token)
    }

    @Test
    fun `a Context element runs the block in a copy of that context`() = runBlocking(ContextElement()) {
        val source = Context()
        source.run { REQUEST.set("from source") }
        withContext(source.asContextElement()) {
            assertEquals("from source", REQUEST.get())
            REQUEST.set("changed")
        }
        assertEquals("from source", source.get(REQUEST))
        assertFalse(REQUEST.isBound())
    }
}
