package org.contextvars.coroutines

import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.contextvars.Token
import org.contextvars.coroutines.Vars.REQUEST
import org.contextvars.coroutines.Vars.STEP
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/**
 * A token belongs to the coroutine whose context it was created in: it resets in a later step of
 * that coroutine, on any thread, and fails with the core's exception anywhere else.
 */
class TokenAcrossSuspensionTest : ContextTestBase() {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.contextvars.coroutines.TestPools#dispatchers")
    fun `a token resets in a later step of the same coroutine`(case: DispatcherCase) = runBlocking(ContextElement()) {
        withContext(case.context) {
            REQUEST.set("before")
            val token = REQUEST.set("during")
            val firstThread = Thread.currentThread()
            repeat(5) { delay(1); withContext(TestPools.other.dispatcher) { yield() } }
            REQUEST.reset(token)
            assertEquals("before", REQUEST.get(), "set on $firstThread, reset on ${Thread.currentThread()}")
            assertTrue(token.isUsed)
        }
    }

    @Test
    fun `try-with-resources style use restores across a suspension`() = runBlocking(ContextElement()) {
        STEP.set(1).use {
            delay(1)
            assertEquals(1, STEP.get())
        }
        assertFalse(STEP.isBound())
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.contextvars.coroutines.TestPools#dispatchers")
    fun `a child cannot reset its parent's token and nothing changes`(case: DispatcherCase) = runBlocking(ContextElement()) {
        withContext(case.context) {
            val token = REQUEST.set("parent")
            val error = async {
                REQUEST.set("child")
                assertFailsWith<IllegalArgumentException> { REQUEST.reset(token) }.also {
                    assertEquals("child", REQUEST.get())
                }
            }.await()
            assertTrue("was created in" in error.message!! && "request" in error.message!!, error.message)
            assertFalse(token.isUsed)
            assertEquals("parent", REQUEST.get())
            REQUEST.reset(token)
            assertFalse(REQUEST.isBound())
        }
    }

    @Test
    fun `a parent cannot reset a token its child created`() = runBlocking(ContextElement()) {
        val childToken = async(TestPools.small.dispatcher) { STEP.set(3) }.await()
        assertFailsWith<IllegalArgumentException> { STEP.reset(childToken) }
        assertFalse(STEP.isBound())
    }

    @Test
    fun `a token does not cross into a scoped binding, whose block has a context of its own`() =
        runBlocking(ContextElement()) {
            val outer = REQUEST.set("outer")
            lateinit var inner: Token<Int>
            withContext(STEP.asContextElement(1)) {
                assertFailsWith<IllegalArgumentException> { REQUEST.reset(outer) }
                inner = STEP.set(2)
            }
            assertFailsWith<IllegalArgumentException> { STEP.reset(inner) }
            REQUEST.reset(outer)
        }

    @Test
    fun `a used token fails with IllegalStateException in a later step`() = runBlocking(ContextElement()) {
        val token = STEP.set(1)
        STEP.reset(token)
        launch { }.join()
        delay(1)
        val error = assertFailsWith<IllegalStateException> { STEP.reset(token) }
        assertTrue("already been used" in error.message!!, error.message)
    }
}
