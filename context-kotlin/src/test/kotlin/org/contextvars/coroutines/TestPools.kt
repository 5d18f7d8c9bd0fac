package org.contextvars.coroutines

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import org.contextvars.Context
import org.contextvars.ContextExecutors
import org.contextvars.ContextVar
import java.util.concurrent.Callable
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.CoroutineContext
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * A fixed pool whose every thread can be visited, to prove that no context stays behind on a pooled
 * thread. Threads are daemons and live for the whole test run.
 */
class FixedPool(val name: String, val size: Int) {
    private val counter = AtomicInteger()
    val executor = ThreadPoolExecutor(size, size, 0, TimeUnit.SECONDS, LinkedBlockingQueue()) { task ->
        Thread(task, "$name-${counter.incrementAndGet()}").apply { isDaemon = true }
    }.apply { prestartAllCoreThreads() }
    val dispatcher: CoroutineDispatcher = executor.asCoroutineDispatcher()

    /** Runs [probe] once on every thread of the pool, all at the same time, and returns the results. */
    fun <T> onEveryThread(probe: () -> T): List<T> {
        val barrier = CyclicBarrier(size)
        val futures = (1..size).map {
            executor.submit(Callable { barrier.await(30, TimeUnit.SECONDS); probe() })
        }
        return futures.map { it.get(30, TimeUnit.SECONDS) }
    }

    /** Asserts that every thread of the pool is in an empty context. */
    fun assertEveryThreadClean() {
        val found = onEveryThread { Thread.currentThread().name to Context.copyCurrent() }
        for ((thread, context) in found) {
            assertTrue(context.isEmpty(), "$thread was left in $context")
        }
    }

    /**
     * Binds a per-thread marker on every thread, runs [block], then checks that each thread is back in
     * the very context object it had (its token still resets there) with its own marker.
     */
    fun <R> withThreadMarkers(block: () -> R): R {
        val tokens = onEveryThread { Thread.currentThread() to THREAD_MARKER.set(Thread.currentThread().name) }.toMap()
        val result = try {
            block()
        } finally {
            val found = onEveryThread {
                val thread = Thread.currentThread()
                val marker = THREAD_MARKER.orElse(null)
                val size = Context.copyCurrent().size()
                THREAD_MARKER.reset(tokens.getValue(thread))
                Triple(thread.name, marker, size)
            }
            for ((thread, marker, size) in found) {
                assertEquals(thread, marker, "thread $thread lost its own context")
                assertEquals(1, size, "thread $thread has extra bindings")
            }
        }
        assertEveryThreadClean()
        return result
    }

    override fun toString(): String = name

    companion object {
        val THREAD_MARKER: ContextVar<String?> = ContextVar.of("threadMarker")
    }
}

/**
 * Resumes inline when already on its thread and dispatches otherwise, like `Dispatchers.Main.immediate`.
 */
class ImmediateDispatcher(name: String) : CoroutineDispatcher() {
    @Volatile private var thread: Thread? = null
    val pool = FixedPool(name, 1)

    init {
        thread = pool.onEveryThread { Thread.currentThread() }.single()
    }

    override fun isDispatchNeeded(context: CoroutineContext): Boolean = Thread.currentThread() !== thread

    override fun dispatch(context: CoroutineContext, block: Runnable) = pool.executor.execute(block)

    override fun toString(): String = "immediate"
}

/** A dispatcher to run scenarios on, with the pool behind it when its threads can be probed. */
class DispatcherCase(private val name: String, val context: CoroutineContext, val pool: FixedPool?) {
    override fun toString(): String = name
}

object TestPools {
    val single = FixedPool("single", 1)
    val small = FixedPool("small", 3)
    val other = FixedPool("other", 2)
    val wrapped = FixedPool("wrapped", 2)
    val immediate = ImmediateDispatcher("immediate")

    /** A dispatcher whose executor itself propagates contexts: the two mechanisms must not fight. */
    val propagating: CoroutineDispatcher = ContextExecutors.wrap(wrapped.executor).asCoroutineDispatcher()

    val probed: List<FixedPool> = listOf(single, small, other, wrapped, immediate.pool)

    fun assertAllPoolsClean() = probed.forEach { it.assertEveryThreadClean() }

    /** Runs [block] with per-thread markers on every probed pool (see [FixedPool.withThreadMarkers]). */
    fun <R> withMarkersOnAllPools(block: () -> R): R =
        probed.fold(block) { inner, pool -> { pool.withThreadMarkers(inner) } }()

    val cases: List<DispatcherCase> = listOf(
        DispatcherCase("Default", Dispatchers.Default, null),
        DispatcherCase("IO", Dispatchers.IO, null),
        DispatcherCase("single thread", single.dispatcher, single),
        DispatcherCase("pool of 3", small.dispatcher, small),
        DispatcherCase("Unconfined", Dispatchers.Unconfined, null),
        DispatcherCase("immediate", immediate, immediate.pool),
        DispatcherCase("context-propagating executor", propagating, wrapped),
        DispatcherCase("runBlocking event loop", kotlin.coroutines.EmptyCoroutineContext, null),
    )

    @JvmStatic
    fun dispatchers(): List<DispatcherCase> = cases
}
