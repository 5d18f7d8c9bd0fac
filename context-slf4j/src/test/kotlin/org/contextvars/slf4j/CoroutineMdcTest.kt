package org.contextvars.slf4j

import ch.qos.logback.classic.spi.ILoggingEvent
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.contextvars.Context
import org.contextvars.ContextVar
import org.contextvars.coroutines.ContextElement
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.util.concurrent.Executors
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * Thousands of coroutines share a few threads and hop between two dispatchers; each sets its id
 * inside the coroutine and changes it between suspensions. Every log line must carry the coroutine's
 * latest value, and no thread keeps a value afterwards.
 */
@Timeout(120)
class CoroutineMdcTest {
    private val coroutines = org.contextvars.testing.Stress.pick(2_000, 20_000)
    private val poolA = Executors.newFixedThreadPool(3)
    private val poolB = Executors.newFixedThreadPool(2)
    private lateinit var installed: ContextVarMdc
    private lateinit var capture: LogCapture

    @BeforeEach
    fun setUp() {
        installed = ContextVarMdc.install(REQUEST_ID)
        capture = LogCapture.attach("concurrency.coroutines")
    }

    @AfterEach
    fun tearDown() {
        poolA.shutdownNow()
        poolB.shutdownNow()
        capture.close()
        installed.close()
        assertTrue(Context.copyCurrent().isEmpty(), "the test thread kept ${Context.copyCurrent()}")
    }

    @Test
    fun everyLogLineCarriesTheCoroutinesLatestValueAcrossSuspensionAndDispatchers() {
        val log = capture.logger()
        val a = poolA.asCoroutineDispatcher()
        val b = poolB.asCoroutineDispatcher()
        runBlocking(a + ContextElement()) {
            repeat(coroutines) { n ->
                launch(if (n % 2 == 0) a else b) {
                    REQUEST_ID.set("c$n-first")
                    log.info("{}", "c$n-first")
                    yield()
                    log.info("{}", "c$n-first")
                    withContext(if (n % 2 == 0) b else a) {
                        delay((n % 3).toLong())
                        log.info("{}", "c$n-first")
                        REQUEST_ID.set("c$n-second") // shared with the caller: withContext is an await
                        yield()
                        log.info("{}", "c$n-second")
                    }
                    delay(1)
                    log.info("{}", "c$n-second")
                    // Logging through the Dispatchers.Default threads too.
                    withContext(Dispatchers.Default) {
                        yield()
                        log.info("{}", "c$n-second")
                    }
                }
            }
        }

        val events: List<ILoggingEvent> = capture.events()
        assertEquals(6 * coroutines, events.size)
        for (event in events) {
            assertEquals(
                event.argumentArray[0],
                event.mdcPropertyMap["requestId"],
                "MDC of '${event.formattedMessage}' on ${event.threadName}",
            )
        }
        // The thread-local MDC entries themselves, not only what the overlay shows.
        val stored = installed.adapter().delegate()
        ThreadProbe.assertAllClean("poolA", 3, { poolA.execute(it) }, stored)
        ThreadProbe.assertAllClean("poolB", 2, { poolB.execute(it) }, stored)
        a.close()
        b.close()
    }

    private companion object {
        val REQUEST_ID: ContextVar<String> = ContextVar.of("requestId")
    }
}
