package org.contextvars.ktor

import io.ktor.server.application.install
import io.ktor.server.plugins.calllogging.CallLogging
import io.ktor.server.request.header
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import org.contextvars.Context
import org.contextvars.slf4j.ContextVarMdc
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.slf4j.MDC
import java.net.http.HttpResponse
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * Ktor's CallLogging next to ContextVars and ContextVarMdc. Without `mdc(...)` every call's log line
 * carries its id and nothing stays behind. With `mdc(...)`, kotlinx's `MDCContext` saves the MDC
 * (`MDC.getCopyOfContextMap()`, which includes the call's values) when the call resumes on an event
 * loop and puts the saved map back with `MDC.setContextMap` when it suspends: the call's id is then
 * written into the thread's own MDC and shows in later log lines on that event loop, whenever the MDC
 * adapter turns a saved map into the thread's own entries (context-slf4j's did before its
 * save/restore fix). The call's `Context` itself never stays behind.
 */
@Timeout(120)
class CallLoggingTest {
    private val calls = 500

    /** The handlers' blocking work goes here, not to Dispatchers.IO: MDC entries left on it die with it. */
    private val pool = FixedPool("blocking", 4)
    private lateinit var mdc: ContextVarMdc
    private lateinit var capture: LogCapture

    @BeforeEach
    fun setUp() {
        mdc = ContextVarMdc.install(REQUEST_ID)
        capture = LogCapture.attach("calls")
    }

    @AfterEach
    fun tearDown() {
        capture.close()
        mdc.close()
        pool.close()
    }

    private fun server(withMdcEntry: Boolean) = TestServer {
        install(ContextVars) { bind(REQUEST_ID) { call.request.header("X-Request-Id")!! } }
        install(CallLogging) {
            logger = capture.slf4j
            disableDefaultColors()
            format { call -> "done ${call.request.header("X-Request-Id")}" }
            if (withMdcEntry) mdc("requestId") { call -> call.request.header("X-Request-Id") }
        }
        routing {
            get("/") {
                delay(1)
                withContext(pool.dispatcher) { delay(1) }
                call.respondText(REQUEST_ID.get())
            }
        }
    }

    private fun callConcurrently(server: TestServer) {
        val responses = (0 until calls).map { n ->
            "r$n" to TestServer.client.sendAsync(server.request("/", "X-Request-Id" to "r$n"), HttpResponse.BodyHandlers.ofString())
        }
        CompletableFuture.allOf(*responses.map { it.second }.toTypedArray()).join()
        responses.forEach { (id, response) -> assertEquals(id, response.join().body()) }
    }

    @Test
    fun withoutMdcEntriesEveryCallLogLineCarriesItsOwnIdAndNoThreadKeepsOne() {
        server(withMdcEntry = false).use { server ->
            callConcurrently(server)
            val events = capture.events()
            assertEquals(calls, events.size)
            for (event in events) {
                assertEquals(event.formattedMessage.removePrefix("done "), event.mdcPropertyMap["requestId"])
            }
            ThreadProbes.assertClean(ThreadProbes.nettyLoops(server))
            ThreadProbes.assertClean(pool.probeEveryThread())
        }
    }

    /**
     * Whether the MDC adapter turns a saved map given back to `MDC.setContextMap` into entries of the
     * thread's own MDC, as `MDCContext` does on every suspension: context-slf4j's adapter did before
     * its save/restore fix.
     */
    private fun saveAndRestorePinsAValue(): Boolean {
        Context().with(REQUEST_ID, "bound").run { MDC.setContextMap(MDC.getCopyOfContextMap()) }
        val pinned = MDC.get("requestId") != null
        MDC.clear()
        return pinned
    }

    @Test
    fun withMdcEntriesEndedCallsIdsStayOnNettyEventLoopsWhenTheAdaptersSaveAndRestorePinsValues() {
        val pins = saveAndRestorePinsAValue()
        server(withMdcEntry = true).use { server ->
            callConcurrently(server)
            val probes = ThreadProbes.nettyLoops(server) + pool.probeEveryThread()
            assertTrue(probes.all { it.context.isEmpty() }, "a context stayed behind: $probes")
            // Both Netty's event loops and the pool the calls switched to keep what MDCContext wrote.
            val leftBehind = probes.mapNotNull { it.mdc?.get("requestId") }
            // Later, unrelated log lines on those threads carry whatever stayed behind.
            val stray = server.eventLoops().mapNotNull { loop ->
                loop.submit(Callable {
                    capture.slf4j.info("not a call")
                    capture.events().last().mdcPropertyMap["requestId"]
                }).get()
            }
            if (pins) {
                assertTrue(leftBehind.isNotEmpty(), "no event loop kept an id")
                assertTrue(stray.isNotEmpty(), "no unrelated log line carried an ended call's id")
            } else {
                assertEquals(emptyList(), leftBehind)
                assertEquals(emptyList(), stray)
            }
        }
    }
}
