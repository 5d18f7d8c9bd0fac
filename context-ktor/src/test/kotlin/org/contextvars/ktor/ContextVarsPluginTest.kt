package org.contextvars.ktor

import io.ktor.server.application.createApplicationPlugin
import io.ktor.server.application.hooks.CallFailed
import io.ktor.server.application.install
import io.ktor.server.request.header
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.async
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import org.contextvars.Context
import org.contextvars.ContextVar
import org.contextvars.coroutines.ContextElement
import org.contextvars.coroutines.ContextScope
import org.contextvars.coroutines.boundTo
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

@Timeout(120)
class ContextVarsPluginTest {
    @AfterEach
    fun testThreadIsLeftClean() {
        assertTrue(Context.copyCurrent().isEmpty(), "the test thread kept ${Context.copyCurrent()}")
    }

    @Test
    fun aVariableBoundFromARequestHeaderIsSeenInTheHandler() {
        TestServer {
            install(ContextVars) { bind(REQUEST_ID) { call.request.header("X-Request-Id") ?: "none" } }
            routing { get("/") { call.respondText(REQUEST_ID.get()) } }
        }.use { server ->
            assertEquals("r-1", server.get("/", "X-Request-Id" to "r-1").body())
            assertEquals("none", server.get("/").body())
            ThreadProbes.assertClean(ThreadProbes.nettyLoops(server))
        }
    }

    @Test
    fun bindIfNotNullLeavesTheVariableUnboundWhenTheFunctionGivesNull() {
        TestServer {
            install(ContextVars) { bindIfNotNull(TENANT) { call.request.header("X-Tenant") } }
            routing { get("/") { call.respondText("${TENANT.isBound} ${TENANT.get()}") } }
        }.use { server ->
            assertEquals("true acme", server.get("/", "X-Tenant" to "acme").body())
            assertEquals("false public", server.get("/").body())
        }
    }

    @Test
    fun bindBindsANullResultForANullableVariable() {
        val note = ContextVar.of<String?>("note", "default")
        TestServer {
            install(ContextVars) { bind(note) { call.request.header("X-Note") } }
            routing { get("/") { call.respondText("${note.isBound} ${note.get()}") } }
        }.use { server ->
            assertEquals("true null", server.get("/").body())
            assertEquals("true n", server.get("/", "X-Note" to "n").body())
        }
    }

    @Test
    fun aSetInAHandlerIsSeenLaterInThatCallAndNeverByTheNextCalls() {
        TestServer {
            install(ContextVars) { bind(REQUEST_ID) { call.request.header("X-Request-Id")!! } }
            install(createApplicationPlugin("AfterTheHandler") {
                onCallRespond { call -> call.response.headers.append("X-Step", STEP.boundOrNull() ?: "unbound") }
            })
            routing {
                get("/set") {
                    STEP.set("set by ${REQUEST_ID.get()}")
                    call.respondText(STEP.get())
                }
                get("/read") { call.respondText(STEP.boundOrNull() ?: "unbound") }
            }
        }.use { server ->
            val set = server.get("/set", "X-Request-Id" to "a")
            assertEquals("set by a", set.body())
            assertEquals("set by a", set.headers().firstValue("X-Step").orElseThrow())
            // Same connection, same event loops: the next calls start clean.
            repeat(20) { assertEquals("unbound", server.get("/read", "X-Request-Id" to "b$it").body()) }
            ThreadProbes.assertClean(ThreadProbes.nettyLoops(server))
        }
    }

    @Test
    fun callFailedHandlersRunInTheCallsContext() {
        val seenOnFailure = CompletableFuture<String>()
        TestServer {
            install(ContextVars) { bind(REQUEST_ID) { call.request.header("X-Request-Id")!! } }
            // Installed after ContextVars, as StatusPages usually is: its phase lands inside.
            install(createApplicationPlugin("FailureReporter") {
                on(CallFailed) { call, _ ->
                    seenOnFailure.complete(REQUEST_ID.get())
                    call.respondText("failed")
                }
            })
            routing { get("/fail") { error("boom") } }
        }.use { server ->
            assertEquals("failed", server.get("/fail", "X-Request-Id" to "r-9").body())
            assertEquals("r-9", seenOnFailure.get(10, TimeUnit.SECONDS))
            ThreadProbes.assertClean(ThreadProbes.nettyLoops(server))
        }
    }

    @Test
    fun aBindingFunctionThatThrowsFailsThatCallAndLeavesNothingBehind() {
        TestServer {
            install(ContextVars) {
                bind(TENANT) { "acme" }
                bind(REQUEST_ID) { call.request.header("X-Request-Id") ?: throw IllegalArgumentException("no id") }
            }
            routing { get("/") { call.respondText("${REQUEST_ID.get()} ${TENANT.get()}") } }
        }.use { server ->
            assertEquals(500, server.get("/").statusCode())
            assertEquals("r-2 acme", server.get("/", "X-Request-Id" to "r-2").body())
            ThreadProbes.assertClean(ThreadProbes.nettyLoops(server))
        }
    }

    @Test
    fun bindingAVariableTwiceIsRejectedByName() {
        val config = ContextVarsConfig()
        config.bind(REQUEST_ID) { "a" }
        val error = assertFailsWith<IllegalArgumentException> { config.bindIfNotNull(REQUEST_ID) { "b" } }
        assertTrue("requestId" in error.message!!, error.message)
        assertEquals(listOf("bind(requestId)"), config.bindings.map { it.toString() })
    }

    @Test
    fun theCallStartsFromTheApplicationsContextElement() {
        val app = ContextVar.of<String>("app")
        TestServer(parentCoroutineContext = ContextElement(app boundTo "shop")) {
            install(ContextVars) { bind(REQUEST_ID) { call.request.header("X-Request-Id")!! } }
            routing {
                get("/") {
                    app.set("changed in ${REQUEST_ID.get()}")
                    call.respondText(app.get())
                }
                get("/app") { call.respondText("${app.get()} ${REQUEST_ID.get()}") }
            }
        }.use { server ->
            assertEquals("shop r-3", server.get("/app", "X-Request-Id" to "r-3").body())
            assertEquals("changed in r-4", server.get("/", "X-Request-Id" to "r-4").body())
            assertEquals("shop r-5", server.get("/app", "X-Request-Id" to "r-5").body())
            ThreadProbes.assertClean(ThreadProbes.nettyLoops(server))
        }
    }

    @Test
    fun aCallNeverStartsFromWhatAnEventLoopThreadHappensToHold() {
        TestServer {
            install(ContextVars) { bind(REQUEST_ID) { call.request.header("X-Request-Id")!! } }
            routing { get("/") { call.respondText("${REQUEST_ID.get()} ${TENANT.isBound}") } }
        }.use { server ->
            assertEquals("r-6 false", server.get("/", "X-Request-Id" to "r-6").body())
            // Something careless leaves a value on every event loop the server used.
            val tokens = server.eventLoops().associateWith { it.submit(Callable { TENANT.set("stray") }).get() }
            repeat(10) { assertEquals("r-7 false", server.get("/", "X-Request-Id" to "r-7").body()) }
            tokens.forEach { (loop, token) -> loop.submit { TENANT.reset(token) }.get() }
            ThreadProbes.assertClean(ThreadProbes.nettyLoops(server))
        }
    }

    @Test
    fun callLaunchInARouteHandlerStartsInACopyOfTheHandlersContext() {
        TestServer {
            install(ContextVars) { bind(REQUEST_ID) { call.request.header("X-Request-Id")!! } }
            routing {
                get("/") {
                    REQUEST_ID.set("${REQUEST_ID.get()}/handler")
                    val child = CompletableFuture<String>()
                    call.launch {
                        delay(1)
                        child.complete(REQUEST_ID.get())
                        REQUEST_ID.set("set by the child")
                    }.join()
                    call.respondText("${child.get()} ${REQUEST_ID.get()}")
                }
            }
        }.use { server ->
            assertEquals("r-8/handler r-8/handler", server.get("/", "X-Request-Id" to "r-8").body())
            ThreadProbes.assertClean(ThreadProbes.nettyLoops(server))
        }
    }

    /**
     * The caution in the plugin's KDoc: a scope made outside the call (an application-wide scope)
     * has no element, so its coroutines run in whatever context their thread has, and their sets stay
     * on that thread. `ContextScope` (context-kotlin) gives each launch a copy of the launcher's
     * context instead.
     */
    @Test
    fun aScopeMadeOutsideTheCallNeedsAContextElement() {
        val pool = Executors.newSingleThreadExecutor { Thread(it, "background").apply { isDaemon = true } }
        val plainScope = CoroutineScope(pool.asCoroutineDispatcher())
        val contextScope = ContextScope(pool.asCoroutineDispatcher())
        try {
            TestServer {
                install(ContextVars) { bind(REQUEST_ID) { call.request.header("X-Request-Id")!! } }
                routing {
                    get("/") {
                        val plain = plainScope.async { REQUEST_ID.boundOrNull() ?: "unbound" }
                        val carried = contextScope.async {
                            delay(1)
                            REQUEST_ID.set("changed in the background")
                            REQUEST_ID.get()
                        }
                        call.respondText("${plain.await()} ${carried.await()} ${REQUEST_ID.get()}")
                    }
                    get("/careless") {
                        plainScope.launch { STEP.set("left by ${REQUEST_ID.boundOrNull()}") }.join()
                        call.respondText("ok")
                    }
                }
            }.use { server ->
                assertEquals("unbound changed in the background r-8", server.get("/", "X-Request-Id" to "r-8").body())
                assertEquals(listOf(true), listOf(pool.submit(Callable { probeThread() }).get().clean))
                assertEquals("ok", server.get("/careless", "X-Request-Id" to "r-9").body())
                val left = pool.submit(Callable { probeThread() }).get()
                assertEquals("left by null", left.context.get(STEP))
                ThreadProbes.assertClean(ThreadProbes.nettyLoops(server))
            }
        } finally {
            plainScope.cancel()
            contextScope.cancel()
            pool.shutdownNow()
        }
    }
}
