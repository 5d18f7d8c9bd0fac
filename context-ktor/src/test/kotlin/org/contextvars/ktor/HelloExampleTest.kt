package org.contextvars.ktor

import org.contextvars.slf4j.ContextVarMdc
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertEquals
import kotlin.test.assertTrue

@Timeout(60)
class HelloExampleTest {
    @Test
    fun theReadmeExampleGreetsEachCallWithItsOwnIdAndCallLoggingLogsIt() {
        LogCapture.attach("io.ktor.server.Application").use { capture ->
            ContextVarMdc.install(REQUEST_ID).use {
                TestServer { hello() }.use { server ->
                    assertEquals("hello r-1", server.get("/hello", "X-Request-Id" to "r-1").body())
                    val generated = server.get("/hello").body().removePrefix("hello ")
                    assertTrue(generated.matches(Regex("[0-9a-f-]{36}")), generated)
                    ThreadProbes.assertClean(ThreadProbes.nettyLoops(server))
                }
            }
            // CallLogging writes its line once the response is sent, which may be after the client has it.
            val deadline = System.nanoTime() + 10_000_000_000
            fun callLines() = capture.events().filter { "/hello" in it.formattedMessage }
            while (callLines().size < 2 && System.nanoTime() < deadline) Thread.sleep(10)
            val ids = callLines().map { it.mdcPropertyMap["requestId"] }
            assertEquals(2, ids.size, capture.events().joinToString { it.formattedMessage })
            assertTrue("r-1" in ids && ids.any { it != null && it.length == 36 }, "$ids")
        }
    }
}
