package org.contextvars.coroutines

import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import org.contextvars.coroutines.Vars.LEVEL
import org.contextvars.coroutines.Vars.REQUEST
import org.contextvars.coroutines.Vars.STEP
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource
import java.util.concurrent.ConcurrentLinkedQueue
import kotlin.test.assertTrue

/**
 * Every chain of nested suspensions and scoping functions, inside a scoped binding, must unwind to
 * exactly the context each level started in. Each level sets a value and resets it with its token
 * after the nested part returns, which only works if the very same context object is current again.
 */
class NestedRestoreOrderTest : ContextTestBase() {

    private enum class Kind { SUSPENSION, SHARED, ISOLATED }

    private class Op(val name: String, val kind: Kind, val run: suspend (level: Int, inner: suspend () -> Unit) -> Unit) {
        override fun toString() = name
    }

    private val ops = listOf(
        Op("delay", Kind.SUSPENSION) { _, inner -> delay(1); inner() },
        Op("yield", Kind.SUSPENSION) { _, inner -> yield(); inner() },
        Op("coroutineScope", Kind.SHARED) { _, inner -> coroutineScope { inner() } },
        Op("withContext(Unconfined)", Kind.SHARED) { _, inner -> withContext(Dispatchers.Unconfined) { inner() } },
        Op("withContext(other pool)", Kind.SHARED) { _, inner -> withContext(TestPools.other.dispatcher) { inner() } },
        Op("withContext(immediate)", Kind.SHARED) { _, inner -> withContext(TestPools.immediate) { inner() } },
        Op("withTimeout", Kind.SHARED) { _, inner -> withTimeout(60_000) { inner() } },
        Op("withContext(binding)", Kind.ISOLATED) { level, inner -> withContext(LEVEL.asContextElement(level)) { inner() } },
        Op("withContext(other pool + binding)", Kind.ISOLATED) { level, inner ->
            withContext(TestPools.other.dispatcher + LEVEL.asContextElement(level)) { inner() }
        },
        Op("withContext(Unconfined + binding)", Kind.ISOLATED) { level, inner ->
            withContext(Dispatchers.Unconfined + LEVEL.asContextElement(level)) { inner() }
        },
        Op("launch(UNDISPATCHED).join()", Kind.ISOLATED) { _, inner ->
            coroutineScope { launch(start = CoroutineStart.UNDISPATCHED) { inner() }.join() }
        },
    )

    private val depth = Stress.pick(2, 3)

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.contextvars.coroutines.TestPools#dispatchers")
    fun `every nesting of suspensions and scoping functions unwinds in order`(case: DispatcherCase) {
        val failures = ConcurrentLinkedQueue<String>()
        val chains = chains(depth)
        TestPools.withMarkersOnAllPools {
            runBlocking(ContextElement()) {
                withContext(case.context + LEVEL.asContextElement(BINDING)) {
                    for (chain in chains) {
                        REQUEST.set("outside")
                        runLevel(chain, 0, BINDING, failures)
                        if (REQUEST.get() != "outside" || LEVEL.get() != BINDING) {
                            failures += "$chain: left request=${REQUEST.get()} level=${LEVEL.get()}"
                        }
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), "${failures.size} of ${chains.size} chains failed on $case: ${failures.take(5)}")
    }

    private fun chains(length: Int): List<List<Op>> =
        if (length == 0) listOf(emptyList()) else chains(length - 1).flatMap { chain -> ops.map { chain + it } }

    private suspend fun runLevel(chain: List<Op>, index: Int, level: Int, failures: MutableCollection<String>) {
        if (index == chain.size) return
        val op = chain[index]
        val where = "$chain at level $index ($op)"
        if (LEVEL.get() != level) failures += "$where: entered with level ${LEVEL.get()}, expected $level"
        val stepBefore = STEP.get()
        val token = REQUEST.set("level $index")
        val innerLevel = if (op.kind == Kind.ISOLATED && op.name.contains("binding")) index + 1 else level
        op.run(index + 1) {
            STEP.set(index)
            if (REQUEST.get() != "level $index") failures += "$where: inside sees ${REQUEST.get()}"
            runLevel(chain, index + 1, innerLevel, failures)
        }
        val expectedStep = expectedStep(chain, index, stepBefore)
        if (STEP.get() != expectedStep) failures += "$where: step ${STEP.get()}, expected $expectedStep"
        if (REQUEST.get() != "level $index") failures += "$where: after sees ${REQUEST.get()}"
        try {
            REQUEST.reset(token)
        } catch (e: IllegalArgumentException) {
            failures += "$where: a different context is current after it returned: ${e.message}"
        }
        if (LEVEL.get() != level) failures += "$where: left with level ${LEVEL.get()}, expected $level"
    }

    /** The last step set in this level's context: levels up to the first isolated one share it. */
    private fun expectedStep(chain: List<Op>, index: Int, before: Int): Int {
        if (chain[index].kind == Kind.ISOLATED) return before
        val firstIsolated = (index + 1 until chain.size).firstOrNull { chain[it].kind == Kind.ISOLATED }
        return (firstIsolated ?: chain.size) - 1
    }

    private companion object {
        const val BINDING = 100
    }
}
