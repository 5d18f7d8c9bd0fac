package org.contextvars.coroutines

import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.contextvars.coroutines.Vars.LEVEL
import org.contextvars.coroutines.Vars.REQUEST
import org.contextvars.coroutines.Vars.STEP
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNotSame
import kotlin.test.assertTrue

class CoroutineContextAccessTest : ContextTestBase() {

    @Test
    fun `copyCurrentContext returns a copy of the coroutine's context, never the live one`() = runBlocking(ContextElement()) {
        REQUEST.set("coroutine")
        val copy = copyCurrentContext()
        assertEquals("coroutine", copy.get(REQUEST))
        REQUEST.set("later")
        assertEquals("coroutine", copy.get(REQUEST))
        copy.run { REQUEST.set("in the copy") } // a copy can be entered: it is not the coroutine's own
        assertEquals("later", REQUEST.get())
        assertNotSame(copy, copyCurrentContext())
    }

    @Test
    fun `copyCurrentContext hands a coroutine's values to plain Java code on another thread`() = runBlocking(ContextElement()) {
        REQUEST.set("coroutine")
        val snapshot = copyCurrentContext()
        val seen = TestPools.small.executor.submit<String> { snapshot.supply { REQUEST.get() } }.get()
        assertEquals("coroutine", seen)
    }

    @Test
    fun `copyCurrentContext without an element copies the thread's context`() {
        val token = REQUEST.set("thread")
        val copy = runBlocking { copyCurrentContext() }
        REQUEST.reset(token)
        assertEquals("thread", copy.get(REQUEST))
    }

    @Test
    fun `isPresent needs both the element and a binding`() {
        runBlocking {
            assertFalse(REQUEST.isPresent(), "no element")
        }
        runBlocking(ContextElement()) {
            assertFalse(STEP.isPresent(), "a default does not count")
            STEP.set(1)
            assertTrue(STEP.isPresent())
            withContext(REQUEST.asContextElement("r")) { assertTrue(REQUEST.isPresent()) }
        }
    }

    @Test
    fun `ensurePresent names the variable and says what is missing`() {
        val noElement = assertFailsWith<IllegalStateException> { runBlocking { REQUEST.ensurePresent() } }
        assertEquals(
            "ContextVar(request) is not present: the coroutine carries no ContextElement " +
                "(add ContextElement() or withContext(request.asContextElement(value)))",
            noElement.message,
        )
        val unbound = assertFailsWith<IllegalStateException> { runBlocking(ContextElement()) { LEVEL.ensurePresent() } }
        assertEquals(
            "ContextVar(level, default=0) is not present: it is not bound in the coroutine's context " +
                "(bind it with withContext(level.asContextElement(value)))",
            unbound.message,
        )
        runBlocking(LEVEL.asContextElement(1)) { LEVEL.ensurePresent() }
    }

    @Test
    fun `a delegated property reads the variable in whatever context reads it`() = runBlocking(ContextElement()) {
        val request: String by REQUEST
        REQUEST.set("parent")
        val child = launch(TestPools.small.dispatcher) {
            REQUEST.set("child")
            delay(1)
            assertEquals("child", request)
        }
        child.join()
        assertEquals("parent", request)
        withContext(REQUEST.asContextElement("scoped")) { assertEquals("scoped", request) }
    }

    @Test
    fun `a delegated property of an unbound variable without default fails like get`() = runBlocking(ContextElement()) {
        val request: String by REQUEST
        val error = assertFailsWith<NoSuchElementException> { request.length }
        assertTrue("ContextVar(request)" in error.message!!, error.message)
    }
}
