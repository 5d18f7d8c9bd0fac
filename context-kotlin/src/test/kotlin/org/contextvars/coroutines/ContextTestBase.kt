package org.contextvars.coroutines

import org.junit.jupiter.api.Timeout

/**
 * A time limit for every coroutine test. The shared clean-thread check (registered for every test)
 * makes each test leave the test thread in an empty context and fails it when kotlinx.coroutines'
 * own resume and suspend orders ever look like a context left out of order.
 */
@Timeout(120)
abstract class ContextTestBase

/** Heavier variants of the concurrency suites run with -Dcontextvars.stress=true. */
object Stress {
    fun pick(normal: Int, stress: Int): Int = org.contextvars.testing.Stress.pick(normal, stress)
}
