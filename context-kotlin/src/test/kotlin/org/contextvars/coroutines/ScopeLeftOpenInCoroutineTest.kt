package org.contextvars.coroutines

import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.contextvars.Context
import org.contextvars.ContextLeak
import org.contextvars.ContextSwitch
import org.contextvars.LeakCheck
import org.contextvars.coroutines.Vars.REQUEST
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.Executors
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/**
 * A scope (as a propagation library opens one) left open when the coroutine that opened it
 * suspends: the element's restore closes it instead of leaving it on the worker thread, never
 * throws, and reports it.
 */
class ScopeLeftOpenInCoroutineTest {
    private val reports = CopyOnWriteArrayList<ContextLeak>()
    private lateinit var previousListener: LeakCheck.Listener

    @BeforeEach
    fun collectReports() {
        previousListener = LeakCheck.setListener { reports += it }
    }

    @AfterEach
    fun restoreListener() {
        LeakCheck.setListener(previousListener)
    }

    @Test
    fun `a scope left open at a suspension is closed there and reported`() {
        val worker = Executors.newSingleThreadExecutor()
        val dispatcher = worker.asCoroutineDispatcher()
        try {
            val scope = Context().with(REQUEST, "scope")
            runBlocking(ContextElement()) {
                withContext(dispatcher) {
                    REQUEST.set("coroutine")
                    ContextSwitch.enter(scope)
                    assertEquals("scope", REQUEST.get())
                    yield() // always suspends (delay may resume before it suspends), with the scope open
                    assertEquals("coroutine", REQUEST.get(), "resumed in its own context")
                }
                assertEquals("coroutine", REQUEST.get())
            }
            val workerState = worker.submit<Boolean> { REQUEST.isBound() || ContextSwitch.isEntered(scope) }.get()
            assertFalse(workerState, "the worker thread kept the scope")
            assertTrue(reports.any { it.kind() == ContextLeak.Kind.MISMATCHED_EXIT && "suspended" in it.message() }, "$reports")
            assertFalse(REQUEST.isBound())
        } finally {
            dispatcher.close()
        }
    }
}
