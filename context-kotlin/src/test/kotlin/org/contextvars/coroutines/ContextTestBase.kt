package org.contextvars.coroutines

import org.contextvars.Context
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Timeout
import kotlin.test.assertTrue

/** Every test must leave the test thread in an empty context. */
@Timeout(120)
abstract class ContextTestBase {
    @AfterEach
    fun testThreadIsBackToAnEmptyContext() {
        val left = Context.copyCurrent()
        assertTrue(left.isEmpty(), "the test left $left on ${Thread.currentThread().name}")
    }
}

/** Heavier variants of the concurrency suites run with -Dcontextvars.stress=true. */
object Stress {
    val enabled: Boolean = System.getProperty("contextvars.stress").toBoolean()

    fun pick(normal: Int, stress: Int): Int = if (enabled) stress else normal
}
