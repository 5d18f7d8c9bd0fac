package org.contextvars.coroutines

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.produce
import kotlinx.coroutines.future.await
import kotlinx.coroutines.future.future
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.contextvars.coroutines.Vars.REQUEST
import org.contextvars.coroutines.Vars.STEP
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource
import kotlin.test.assertEquals

/**
 * `launch`, `async`, `produce`, `future` and `runBlocking` start the child in a copy of the
 * creator's context taken at creation; later sets on either side stay on that side.
 */
class ChildSnapshotTest : ContextTestBase() {

    /** Starts a child that reports what it saw, then sets a value and reports again. */
    private fun interface Builder {
        fun CoroutineScope.start(parentMoved: Deferred<Unit>): Deferred<List<String>>
    }

    private class NamedBuilder(val name: String, val builder: Builder) {
        override fun toString() = name
    }

    /** What a child sees: its start value, then (after the parent changed its own) the same, then its own set. */
    private suspend fun childBody(parentMoved: Deferred<Unit>): List<String> {
        val atStart = REQUEST.get()
        REQUEST.set("child")
        STEP.set(100)
        parentMoved.await()
        return listOf(atStart, REQUEST.get(), STEP.get().toString())
    }

    private val builders = listOf(
        NamedBuilder("launch") { moved ->
            val result = CompletableDeferred<List<String>>()
            launch { result.complete(childBody(moved)) }
            result
        },
        NamedBuilder("async") { moved -> async { childBody(moved) } },
        NamedBuilder("produce") { moved ->
            val channel = produce { send(childBody(moved)) }
            async { channel.receive() }
        },
        NamedBuilder("future") { moved ->
            val future = future { childBody(moved) }
            async { future.await() }
        },
        NamedBuilder("launch(start = LAZY), started later") { moved ->
            val result = CompletableDeferred<List<String>>()
            val job = launch(start = CoroutineStart.LAZY) { result.complete(childBody(moved)) }
            REQUEST.set("parent, after creation")
            job.start()
            result
        },
        NamedBuilder("async(start = UNDISPATCHED)") { moved ->
            async(start = CoroutineStart.UNDISPATCHED) { childBody(moved) }
        },
    )

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.contextvars.coroutines.TestPools#dispatchers")
    fun `every child builder starts in a snapshot taken at creation`(case: DispatcherCase) {
        for (builder in builders) {
            runBlocking(ContextElement()) {
                withContext(case.context) {
                    REQUEST.set("parent")
                    val moved = CompletableDeferred<Unit>()
                    val seen = with(builder.builder) { start(moved) }
                    REQUEST.set("parent, moved on")
                    moved.complete(Unit)
                    assertEquals(listOf("parent", "child", "100"), seen.await(), "$builder on $case")
                    assertEquals("parent, moved on", REQUEST.get(), "$builder on $case: the child's set leaked")
                    assertEquals(0, STEP.get(), "$builder on $case: the child's set leaked")
                }
            }
        }
    }

    @Test
    fun `runBlocking with ContextElement starts in a copy of the calling thread's context`() {
        val token = REQUEST.set("thread")
        val seen = runBlocking(ContextElement()) {
            val atStart = REQUEST.get()
            REQUEST.set("inside")
            atStart
        }
        assertEquals("thread", seen)
        assertEquals("thread", REQUEST.get())
        REQUEST.reset(token)
    }

    @Test
    fun `runBlocking with ContextElement inside a coroutine starts in a copy of the coroutine's context`() =
        runBlocking(REQUEST.asContextElement("outer")) {
            val seen = runBlocking(ContextElement()) {
                val atStart = REQUEST.get()
                REQUEST.set("nested")
                atStart
            }
            assertEquals("outer", seen)
            assertEquals("outer", REQUEST.get())
        }

    @Test
    fun `siblings never see each other's sets`() = runBlocking(ContextElement()) {
        REQUEST.set("parent")
        val gate = CompletableDeferred<Unit>()
        val children = (1..10).map { i ->
            async(TestPools.small.dispatcher) {
                REQUEST.set("child $i")
                gate.await()
                REQUEST.get()
            }
        }
        gate.complete(Unit)
        assertEquals((1..10).map { "child $it" }, children.map { it.await() })
    }

    @Test
    fun `a child of a child starts in a copy of its direct parent`() = runBlocking(ContextElement()) {
        REQUEST.set("root")
        val seen = async(TestPools.small.dispatcher) {
            REQUEST.set("middle")
            async(TestPools.other.dispatcher) { REQUEST.get() }.await()
        }.await()
        assertEquals("middle", seen)
        assertEquals("root", REQUEST.get())
    }
}
