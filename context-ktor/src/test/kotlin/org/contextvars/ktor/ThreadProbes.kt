package org.contextvars.ktor

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.asExecutor
import org.contextvars.Context
import org.slf4j.MDC
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.TimeUnit
import kotlin.test.assertTrue
import kotlin.test.fail

/** What a thread had when a probe ran on it as a plain task, outside any coroutine. */
data class ThreadState(val thread: Thread, val context: Context, val mdc: Map<String, String>?) {
    val clean: Boolean get() = context.isEmpty() && mdc.isNullOrEmpty()

    override fun toString(): String = "${thread.name}: context $context, MDC $mdc"
}

fun probeThread(): ThreadState =
    ThreadState(Thread.currentThread(), Context.copyCurrent(), MDC.getCopyOfContextMap())

object ThreadProbes {
    /** Runs a probe on every event loop [server]'s connections and calls used. */
    fun nettyLoops(server: TestServer): List<ThreadState> {
        val loops = server.eventLoops()
        assertTrue(loops.isNotEmpty(), "no Netty event loop was recorded")
        return loops.map { it.submit(Callable { probeThread() }).get(30, TimeUnit.SECONDS) }
    }

    /**
     * Runs probes on the worker threads behind Dispatchers.Default and Dispatchers.IO. Those threads
     * cannot be listed, so each round's probes wait for each other: as many as IO runs at once plus
     * as many as Default does, so that every probe holds a worker of its own. The scheduler may keep
     * more workers than that after heavy use, so rounds repeat until every thread in [mustInclude]
     * (threads that ran work during the test) was probed or has ended; the test fails if one is left.
     */
    fun coroutineWorkers(mustInclude: Set<Thread>): List<ThreadState> {
        val states = ArrayList<ThreadState>()
        repeat(50) {
            states += coroutineWorkersOnce()
            // A worker idle for a minute ends; an ended thread holds nothing.
            if (mustInclude.none { it.isAlive && states.none { state -> state.thread === it } }) return states
            Thread.sleep(100)
        }
        val missed = mustInclude.filter { it.isAlive && states.none { state -> state.thread === it } }
        assertTrue(missed.isEmpty(), "the probes did not reach ${missed.map { it.name }}")
        return states
    }

    private fun coroutineWorkersOnce(): List<ThreadState> {
        val io = maxOf(64, Runtime.getRuntime().availableProcessors())
        val cpu = maxOf(2, Runtime.getRuntime().availableProcessors())
        val barrier = CyclicBarrier(io + cpu)
        fun probes(executor: java.util.concurrent.Executor, count: Int) = (1..count).map {
            CompletableFuture.supplyAsync({
                barrier.await(1, TimeUnit.MINUTES)
                probeThread()
            }, executor)
        }
        val futures = probes(Dispatchers.IO.asExecutor(), io) + probes(Dispatchers.Default.asExecutor(), cpu)
        return futures.map { it.get(1, TimeUnit.MINUTES) }
    }

    fun assertClean(states: List<ThreadState>) {
        val dirty = states.filterNot { it.clean }
        if (dirty.isNotEmpty()) fail("threads left with values:\n" + dirty.joinToString("\n"))
    }
}

/** A fixed pool whose every thread can be probed; threads are daemons. */
class FixedPool(name: String, private val size: Int) : AutoCloseable {
    private val counter = java.util.concurrent.atomic.AtomicInteger()
    private val executor = java.util.concurrent.Executors.newFixedThreadPool(size) { task ->
        Thread(task, "$name-${counter.incrementAndGet()}").apply { isDaemon = true }
    }
    val dispatcher = executor.asCoroutineDispatcher()

    /** Runs a probe on every thread of the pool, all at once so that each gets its own thread. */
    fun probeEveryThread(): List<ThreadState> {
        val barrier = CyclicBarrier(size)
        val probes = (1..size).map {
            executor.submit(Callable { barrier.await(30, TimeUnit.SECONDS); probeThread() })
        }
        return probes.map { it.get(30, TimeUnit.SECONDS) }
    }

    override fun close() {
        executor.shutdownNow()
    }
}
