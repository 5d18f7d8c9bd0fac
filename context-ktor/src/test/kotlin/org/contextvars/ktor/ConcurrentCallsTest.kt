package org.contextvars.ktor

import io.ktor.server.application.install
import io.ktor.server.request.header
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import org.contextvars.Context
import org.contextvars.slf4j.ContextVarMdc
import org.contextvars.testing.Stress
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.net.http.HttpResponse
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * Thousands of calls at once on a real Netty server with two call event loops: each call carries its
 * own request id (and every third one a tenant) through delays, Dispatchers.IO and Default, launch,
 * async, withTimeout and flowOn, changes it on the way, and logs through Logback with the id taken
 * from the context by ContextVarMdc. Every read and every log line must show the call's own latest
 * value, and afterwards no Netty, Default or IO thread may hold a value or an MDC entry.
 */
@Timeout(300)
class ConcurrentCallsTest {
    private val calls = 2_000

    /** Rounds of [calls] concurrent calls: one by default, ten under stress (20,000 calls). */
    private val rounds = Stress.pick(1, 10)
    private val workerThreads: MutableSet<Thread> = ConcurrentHashMap.newKeySet()
    private lateinit var mdc: ContextVarMdc
    private lateinit var capture: LogCapture

    @BeforeEach
    fun setUp() {
        mdc = ContextVarMdc.install(REQUEST_ID, TENANT)
        capture = LogCapture.attach("calls")
    }

    @AfterEach
    fun tearDown() {
        capture.close()
        mdc.close()
        assertTrue(Context.copyCurrent().isEmpty(), "the test thread kept ${Context.copyCurrent()}")
    }

    @Test
    fun everyCallSeesAndLogsOnlyItsOwnValuesAndLeavesNoThreadWithAValue() {
        TestServer {
            install(ContextVars) {
                bind(REQUEST_ID) { call.request.header("X-Request-Id") ?: "missing" }
                bindIfNotNull(TENANT) { call.request.header("X-Tenant") }
            }
            routing { get("/work") { call.respondText(work(call.request.header("X-Request-Id")!!, call.request.header("X-Tenant"))) } }
        }.use { server ->
            repeat(rounds) { round ->
                val responses = (round * calls until (round + 1) * calls).map { n ->
                    val headers = listOfNotNull("X-Request-Id" to "r$n", if (n % 3 == 0) "X-Tenant" to "t$n" else null)
                    n to TestServer.client.sendAsync(server.request("/work", *headers.toTypedArray()), HttpResponse.BodyHandlers.ofString())
                }
                CompletableFuture.allOf(*responses.map { it.second }.toTypedArray()).join()
                for ((n, response) in responses) {
                    assertEquals(200, response.join().statusCode(), "call r$n")
                    assertEquals("ok", response.join().body(), "call r$n")
                }
            }

            val events = capture.events()
            assertEquals(rounds * calls * 4, events.size)
            for (event in events) {
                val expectedId = event.argumentArray[0]
                assertEquals(expectedId, event.mdcPropertyMap["requestId"], "MDC of '${event.formattedMessage}'")
                assertEquals(event.argumentArray[1], event.mdcPropertyMap["tenant"], "tenant of '${event.formattedMessage}'")
            }

            ThreadProbes.assertClean(ThreadProbes.nettyLoops(server))
            ThreadProbes.assertClean(ThreadProbes.coroutineWorkers(mustInclude = workerThreads))
        }
    }

    /** The handler: checks what the call sees at each step and returns "ok" or what went wrong. */
    private suspend fun work(id: String, tenant: String?): String = kotlinx.coroutines.coroutineScope {
        val log = capture.slf4j
        val problems = ConcurrentLinkedQueue<String>()
        fun expect(where: String, expected: String) {
            val seen = REQUEST_ID.boundOrNull()
            if (seen != expected) problems += "$where: requestId $seen, expected $expected"
            if (TENANT.isBound != (tenant != null) || TENANT.get() != (tenant ?: "public")) {
                problems += "$where: tenant ${TENANT.boundOrNull()}, expected $tenant"
            }
        }
        fun recordWorker() = workerThreads.add(Thread.currentThread())

        expect("start", id)
        log.info("start {} {}", id, tenant)
        delay(id.hashCode().mod(3).toLong())
        expect("after delay", id)
        withContext(Dispatchers.IO) {
            recordWorker()
            delay(1)
            expect("in Dispatchers.IO", id)
            log.info("io {} {}", id, tenant)
        }
        withContext(Dispatchers.Default) {
            recordWorker()
            yield()
            expect("in Dispatchers.Default", id)
        }

        val handlerId = "$id/handler"
        REQUEST_ID.set(handlerId)
        val child = launch(Dispatchers.Default) {
            recordWorker()
            expect("launch", handlerId)
            delay(1)
            REQUEST_ID.set("$id/child")
            expect("launch after its own set", "$id/child")
            log.info("child {} {}", "$id/child", tenant)
        }
        val fromAsync = async(Dispatchers.IO) {
            recordWorker()
            delay(1)
            REQUEST_ID.get()
        }
        child.join()
        if (fromAsync.await() != handlerId) problems += "async saw ${fromAsync.await()}"
        expect("after the children", handlerId)

        withTimeout(30_000) {
            delay(1)
            expect("withTimeout", handlerId)
            REQUEST_ID.set("$id/timeout")
        }
        val timeoutId = "$id/timeout"
        expect("after withTimeout", timeoutId)

        val flowed = flow {
            recordWorker()
            emit(REQUEST_ID.get())
            delay(1)
            emit(REQUEST_ID.get())
        }.flowOn(Dispatchers.IO).toList()
        if (flowed != listOf(timeoutId, timeoutId)) problems += "flowOn saw $flowed"

        log.info("end {} {}", timeoutId, tenant)
        problems.joinToString("\n").ifEmpty { "ok" }
    }
}
