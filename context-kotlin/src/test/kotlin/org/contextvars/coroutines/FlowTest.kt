package org.contextvars.coroutines

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.channelFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.contextvars.coroutines.Vars.LEVEL
import org.contextvars.coroutines.Vars.REQUEST
import org.contextvars.coroutines.Vars.STEP
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource
import kotlin.concurrent.thread
import kotlin.test.assertEquals
import kotlin.test.assertFalse

/**
 * A plain flow runs in its collector's coroutine, like an async generator in its consumer's task.
 * Operators that start a producer coroutine (`flowOn`, `buffer`, `channelFlow`) start it in a copy
 * of the collector's context, taken when collection starts.
 */
class FlowTest : ContextTestBase() {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.contextvars.coroutines.TestPools#dispatchers")
    fun `flowOn runs the upstream in a copy of the collector's context`(case: DispatcherCase) = runBlocking(ContextElement()) {
        REQUEST.set("collector")
        val upstream = flow {
            emit(REQUEST.get())
            REQUEST.set("upstream")
            delay(1)
            emit(REQUEST.get())
        }.flowOn(case.context + LEVEL.asContextElement(1))
        val seen = upstream.map { "$it/${REQUEST.get()}/${LEVEL.orElse(-1)}" }.toList()
        assertEquals(listOf("collector/collector/-1", "upstream/collector/-1"), seen)
        assertEquals("collector", REQUEST.get())
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.contextvars.coroutines.TestPools#dispatchers")
    fun `flowOn with only a dispatcher also starts the upstream in a copy`(case: DispatcherCase) = runBlocking(ContextElement()) {
        REQUEST.set("collector")
        val seen = flow {
            REQUEST.set("upstream")
            emit(REQUEST.get())
        }.flowOn(case.context).buffer(0).toList()
        assertEquals(listOf("upstream"), seen)
        // An upstream that runs in a coroutine of its own never writes the collector's context.
        assertEquals("collector", REQUEST.get())
    }

    @Test
    fun `flowOn with only a binding runs the upstream with the binding and leaves the collector alone`() =
        runBlocking(ContextElement()) {
            REQUEST.set("collector")
            val seen = flow {
                emit("${REQUEST.get()}/${LEVEL.get()}")
                LEVEL.set(5)
                emit("${REQUEST.get()}/${LEVEL.get()}")
            }.flowOn(LEVEL.asContextElement(2)).toList()
            assertEquals(listOf("collector/2", "collector/5"), seen)
            assertFalse(LEVEL.isBound())
        }

    /**
     * `flowOn` with a binding and no dispatcher runs the upstream in the collector's coroutine, and
     * every emit switches back to the collector's context without dispatching. In kotlinx.coroutines
     * 1.11.0 the switch stays installed while the collector suspends (kotlinx.coroutines #4755); each side must
     * still see its own values after every suspension, and the threads must end up clean.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.contextvars.coroutines.TestPools#dispatchers")
    fun `flowOn with only a binding keeps both sides apart while either side suspends`(case: DispatcherCase) {
        TestPools.withMarkersOnAllPools {
            runBlocking(ContextElement()) {
                withContext(case.context) {
                    REQUEST.set("collector")
                    val upstreamSaw = mutableListOf<String>()
                    val collectorSaw = mutableListOf<String>()
                    flow {
                        REQUEST.set("upstream")
                        for (i in 1..3) {
                            emit(i)
                            upstreamSaw += "${REQUEST.get()}/${LEVEL.get()}"
                            if (i == 2) withContext(TestPools.other.dispatcher) { delay(1) } else delay(1)
                            upstreamSaw += "${REQUEST.get()}/${LEVEL.get()}"
                        }
                    }.flowOn(LEVEL.asContextElement(2)).collect { i ->
                        collectorSaw += "${REQUEST.get()}/${LEVEL.get()}"
                        when (i) {
                            1 -> delay(1)
                            2 -> withContext(TestPools.other.dispatcher) { kotlinx.coroutines.yield() }
                            else -> kotlinx.coroutines.yield()
                        }
                        collectorSaw += "${REQUEST.get()}/${LEVEL.get()}"
                    }
                    assertEquals(List(6) { "upstream/2" }, upstreamSaw)
                    assertEquals(List(6) { "collector/0" }, collectorSaw)
                    assertEquals("collector", REQUEST.get())
                }
            }
        }
    }

    @Test
    fun `combined flows each run in a copy of the collector's context`() = runBlocking(ContextElement()) {
        REQUEST.set("collector")
        val left = flow { REQUEST.set("left"); emit(REQUEST.get()); delay(1); emit(REQUEST.get()) }
        val right = flow { emit(REQUEST.get()); REQUEST.set("right"); delay(1); emit(REQUEST.get()) }
            .flowOn(LEVEL.asContextElement(3))
        val seen = kotlinx.coroutines.flow.combine(left, right) { l, r -> "$l+$r/${REQUEST.get()}" }.toList()
        assertEquals("left+right/collector", seen.last())
        kotlin.test.assertTrue(seen.all { it.endsWith("/collector") }, "$seen")
        assertEquals("collector", REQUEST.get())
    }

    @Test
    fun `a plain flow runs in the collector's own context`() = runBlocking(ContextElement()) {
        REQUEST.set("collector")
        val seen = flow {
            emit(REQUEST.get())
            REQUEST.set("set by the flow")
            emit(REQUEST.get())
        }.toList()
        assertEquals(listOf("collector", "set by the flow"), seen)
        assertEquals("set by the flow", REQUEST.get())
    }

    @Test
    fun `channelFlow producers each start in a copy of the collector's context`() = runBlocking(ContextElement()) {
        REQUEST.set("collector")
        val seen = channelFlow {
            REQUEST.set("producer")
            repeat(3) { i ->
                launch(TestPools.small.dispatcher) {
                    val atStart = REQUEST.get()
                    STEP.set(i)
                    delay(1)
                    send("$atStart/${STEP.get()}")
                }
            }
        }.toList().sorted()
        assertEquals(listOf("producer/0", "producer/1", "producer/2"), seen)
        assertEquals("collector", REQUEST.get())
        assertFalse(STEP.isBound())
    }

    @Test
    fun `a callbackFlow fed from a foreign thread emits in the collector's context`() = runBlocking(ContextElement()) {
        REQUEST.set("collector")
        val seen = callbackFlow {
            val producer = REQUEST.get()
            thread {
                val token = REQUEST.set("callback thread")
                trySend("$producer/${REQUEST.get()}")
                close()
                REQUEST.reset(token)
            }
            awaitClose()
        }.map { "$it/${REQUEST.get()}" }.toList()
        assertEquals(listOf("collector/callback thread/collector"), seen)
    }

    @Test
    fun `collecting on another dispatcher shares the caller's context`() = runBlocking(ContextElement()) {
        REQUEST.set("caller")
        withContext(Dispatchers.IO) {
            flow { emit(1); REQUEST.set("flow on IO") }.toList()
        }
        assertEquals("flow on IO", REQUEST.get())
    }
}
