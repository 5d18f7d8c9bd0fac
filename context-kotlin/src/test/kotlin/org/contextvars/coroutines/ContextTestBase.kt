package org.contextvars.coroutines

import org.contextvars.Context
import org.contextvars.ContextLeak
import org.contextvars.LeakCheck
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Timeout
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.test.assertTrue

/**
 * Every test must leave the test thread in an empty context, and no context may be left out of
 * order anywhere while it runs: kotlinx.coroutines' own resume and suspend orders must never look
 * like misuse.
 */
@Timeout(120)
abstract class ContextTestBase {
    private val mismatches = CopyOnWriteArrayList<ContextLeak>()
    private var previousListener: LeakCheck.Listener? = null

    @BeforeEach
    fun collectMismatchedExits() {
        previousListener = LeakCheck.setListener { leak ->
            if (leak.kind() == ContextLeak.Kind.MISMATCHED_EXIT) mismatches += leak
        }
    }

    @AfterEach
    fun testThreadIsBackToAnEmptyContext() {
        previousListener?.let { LeakCheck.setListener(it) }
        val left = Context.copyCurrent()
        assertTrue(left.isEmpty(), "the test left $left on ${Thread.currentThread().name}")
        assertTrue(mismatches.isEmpty(), "contexts left out of order: ${mismatches.map { it.message() }}")
    }
}

/** Heavier variants of the concurrency suites run with -Dcontextvars.stress=true. */
object Stress {
    val enabled: Boolean = System.getProperty("contextvars.stress").toBoolean()

    fun pick(normal: Int, stress: Int): Int = if (enabled) stress else normal
}
