package org.contextvars.ktor

import io.ktor.server.application.Application
import io.ktor.server.application.createApplicationPlugin
import io.ktor.server.application.hooks.CallSetup
import io.ktor.server.application.install
import io.ktor.server.application.serverConfig
import io.ktor.server.engine.EmbeddedServer
import io.ktor.server.engine.applicationEnvironment
import io.ktor.server.engine.connector
import io.ktor.server.engine.embeddedServer
import io.ktor.server.netty.Netty
import io.ktor.server.netty.NettyApplicationEngine
import io.netty.util.concurrent.EventExecutor
import io.netty.util.internal.ThreadExecutorMap
import kotlinx.coroutines.runBlocking
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.Executors
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext

/**
 * A real Ktor server on the Netty engine, listening on 127.0.0.1 on a free port, whose Netty threads
 * can be visited afterwards: it records the I/O event loop of every connection and the event loop
 * of Ktor's call group that each call runs on. Few loops, so that many calls share each one.
 */
class TestServer(
    parentCoroutineContext: CoroutineContext = EmptyCoroutineContext,
    shareWorkGroup: Boolean = false,
    module: Application.() -> Unit,
) : AutoCloseable {
    private val loops: MutableSet<EventExecutor> = ConcurrentHashMap.newKeySet()

    private val recordCallLoops = createApplicationPlugin("RecordCallLoops") {
        on(CallSetup) { ThreadExecutorMap.currentExecutor()?.let { loops.add(it) } }
    }

    private val server: EmbeddedServer<NettyApplicationEngine, NettyApplicationEngine.Configuration> =
        embeddedServer(
            Netty,
            serverConfig(applicationEnvironment()) {
                this.parentCoroutineContext = parentCoroutineContext
                module {
                    install(recordCallLoops)
                    module()
                }
            },
        ) {
            connector {
                host = "127.0.0.1"
                port = 0
            }
            connectionGroupSize = 1
            workerGroupSize = 2
            callGroupSize = 2
            this.shareWorkGroup = shareWorkGroup
            channelPipelineConfig = { loops.add(channel().eventLoop()) }
        }.start(wait = false)

    val port: Int = runBlocking { server.engine.resolvedConnectors().single().port }

    /** Every event loop the server's connections and calls ran on. */
    fun eventLoops(): List<EventExecutor> = loops.toList()

    override fun close() {
        server.stop(0, 5_000)
    }

    companion object {
        /** One client for all tests; its own pool, so its threads are not the server's. */
        val client: HttpClient = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4) { Thread(it, "test-client").apply { isDaemon = true } })
            .connectTimeout(Duration.ofSeconds(30))
            .build()
    }

    fun get(path: String, vararg headers: Pair<String, String>): HttpResponse<String> =
        client.send(request(path, *headers), HttpResponse.BodyHandlers.ofString())

    fun request(path: String, vararg headers: Pair<String, String>): HttpRequest {
        val builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:$port$path"))
            .timeout(Duration.ofSeconds(60))
        headers.forEach { (name, value) -> builder.header(name, value) }
        return builder.build()
    }
}
