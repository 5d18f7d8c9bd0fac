package org.contextvars.coroutines

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.contextvars.Context
import org.contextvars.coroutines.Vars.REQUEST
import org.contextvars.coroutines.Vars.STEP
import org.junit.jupiter.api.Test
import java.util.concurrent.ConcurrentLinkedQueue
import kotlin.random.Random
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * Thousands of coroutines on a few threads, each setting and reading its own values between
 * suspensions of every kind. Each must see only its own values, and no thread may keep any value.
 */
class ConcurrentIsolationTest : ContextTestBase() {

    private val coroutines = Stress.pick(2_000, 20_000)
    private val rounds = Stress.pick(6, 25)
    private val repetitions = Stress.pick(1, 5)

    @Test
    fun `coroutines with their own binding each see only their own values on a small pool`() {
        repeat(repetitions) { isolated(TestPools.small, bindAtLaunch = true) }
    }

    @Test
    fun `coroutines that set their own values each see only their own values on a small pool`() {
        repeat(repetitions) { isolated(TestPools.small, bindAtLaunch = false) }
    }

    @Test
    fun `coroutines sharing one thread each see only their own values`() {
        repeat(repetitions) { isolated(TestPools.single, bindAtLaunch = false) }
    }

    @Test
    fun `coroutines on the Default dispatcher each see only their own values`() {
        repeat(repetitions) { isolated(null, bindAtLaunch = true) }
    }

    private fun isolated(pool: FixedPool?, bindAtLaunch: Boolean) {
        val failures = ConcurrentLinkedQueue<String>()
        val dispatcher = pool?.dispatcher ?: Dispatchers.Default
        TestPools.withMarkersOnAllPools {
            runBlocking(ContextElement()) {
                REQUEST.set("parent")
                coroutineScope {
                    repeat(coroutines) { i ->
                        val context = if (bindAtLaunch) dispatcher + REQUEST.asContextElement("r-$i") else dispatcher
                        launch(context) {
                            if (!bindAtLaunch) {
                                if (REQUEST.get() != "parent") failures += "coroutine $i did not start in a copy of its parent"
                                REQUEST.set("r-$i")
                            }
                            val random = Random(i)
                            for (round in 1..rounds) {
                                STEP.set(round)
                                val how = suspendSomehow(random)
                                val request = REQUEST.get()
                                val step = STEP.get()
                                if (request != "r-$i" || step != round) {
                                    failures += "coroutine $i round $round after $how on ${Thread.currentThread().name}: " +
                                        "request=$request step=$step"
                                }
                            }
                        }
                    }
                }
                assertEquals("parent", REQUEST.get())
                assertEquals(0, STEP.get())
            }
        }
        assertTrue(failures.isEmpty(), "${failures.size} failures, first: ${failures.take(5)}")
        assertTrue(Context.copyCurrent().isEmpty())
    }

    private suspend fun suspendSomehow(random: Random): String = when (random.nextInt(7)) {
        0 -> { yield(); "yield" }
        1 -> { delay(random.nextLong(2)); "delay" }
        2 -> { withContext(TestPools.other.dispatcher) { yield() }; "withContext(other pool)" }
        3 -> { withContext(Dispatchers.Unconfined) { yield() }; "withContext(Unconfined)" }
        4 -> { withContext(Dispatchers.IO) { STEP.set(STEP.get()) }; "withContext(IO)" }
        5 -> {
            val handOver = CompletableDeferred<Unit>()
            coroutineScope {
                launch(TestPools.other.dispatcher, start = CoroutineStart.UNDISPATCHED) {
                    REQUEST.set("undispatched child")
                    yield()
                    handOver.complete(Unit)
                }
                handOver.await()
            }
            "waiting for an undispatched child"
        }
        else -> {
            coroutineScope {
                listOf(1, 2).map { n -> async(TestPools.immediate) { STEP.set(-n); yield(); STEP.get() } }.awaitAll()
            }
            "awaiting async children"
        }
    }
}
