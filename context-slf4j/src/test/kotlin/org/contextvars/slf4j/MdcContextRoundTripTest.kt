package org.contextvars.slf4j

import ch.qos.logback.classic.spi.ILoggingEvent
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.slf4j.MDCContext
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.contextvars.Context
import org.contextvars.ContextVar
import org.contextvars.coroutines.ContextElement
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.slf4j.MDC
import java.util.concurrent.Executors
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * kotlinx's `MDCContext` beside the context element. On every resumption `MDCContext` saves the
 * thread's MDC map and installs its own (captured while the variable was bound); on every
 * suspension it puts the saved map back. Neither may leave the variable's value on a thread.
 */
@Timeout(120)
class MdcContextRoundTripTest {
    private val coroutines = org.contextvars.testing.Stress.pick(2_000, 20_000)
    private val poolA = Executors.newFixedThreadPool(3)
    private val poolB = Executors.newFixedThreadPool(2)
    private lateinit var installed: ContextVarMdc
    private lateinit var capture: LogCapture

    @BeforeEach
    fun setUp() {
        installed = ContextVarMdc.install(REQUEST_ID)
        capture = LogCapture.attach("roundtrip.mdccontext")
    }

    @AfterEach
    fun tearDown() {
        poolA.shutdownNow()
        poolB.shutdownNow()
        capture.close()
        installed.close()
        assertTrue(Context.copyCurrent().isEmpty(), "the test thread kept ${Context.copyCurrent()}")
        MDC.clear()
    }

    @Test
    fun everyLineCarriesTheCoroutinesValueAndNoThreadKeepsAnEntry() {
        val log = capture.logger()
        val a = poolA.asCoroutineDispatcher()
        val b = poolB.asCoroutineDispatcher()
        runBlocking(a + ContextElement()) {
            repeat(coroutines) { n ->
                launch(if (n % 2 == 0) a else b) {
                    REQUEST_ID.set("c$n")
                    // The map MDCContext captures holds requestId=c$n, read from the variable.
                    val captured = MDC.getCopyOfContextMap().orEmpty() + ("user" to "u$n")
                    withContext(MDCContext(captured)) {
                        log.info("{}", "c$n")
                        yield()
                        withContext(if (n % 2 == 0) b else a) {
                            delay((n % 3).toLong())
                            log.info("{}", "c$n")
                        }
                        REQUEST_ID.set("c$n-b") // shared with the caller: withContext is an await
                        yield()
                        log.info("{}", "c$n-b")
                        launch(MDCContext()) {
                            delay(1)
                            log.info("{}", "c$n-b")
                        }
                    }
                    delay(1)
                    log.info("{}", "c$n-b")
                }
            }
        }

        val events: List<ILoggingEvent> = capture.events()
        assertEquals(5 * coroutines, events.size)
        for (event in events) {
            assertEquals(
                event.argumentArray[0],
                event.mdcPropertyMap["requestId"],
                "MDC of '${event.formattedMessage}' on ${event.threadName}",
            )
        }
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
