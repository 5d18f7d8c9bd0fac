package org.contextvars.log4j2

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.apache.logging.log4j.LogManager
import org.apache.logging.log4j.core.LoggerContext
import org.contextvars.Context
import org.contextvars.ContextVar
import org.contextvars.coroutines.ContextElement
import org.contextvars.testing.Stress
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.util.concurrent.Executors
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * Thousands of coroutines share a few threads and hop between dispatchers; each sets its id inside
 * the coroutine and changes it between suspensions. Every event, synchronous or through the
 * asynchronous logger, carries the coroutine's latest value; no thread keeps anything afterwards.
 */
@Timeout(120)
class CoroutineLog4jTest {
    private val coroutines = Stress.pick(2_000, 20_000)
    private val poolA = Executors.newFixedThreadPool(3)
    private val poolB = Executors.newFixedThreadPool(2)
    private lateinit var installed: ContextVarContextData
    private lateinit var sync: CaptureAppender
    private lateinit var async: CaptureAppender

    @BeforeEach
    fun setUp() {
        installed = ContextVarContextData.install(REQUEST_ID)
        val context = LogManager.getContext(false) as LoggerContext
        sync = CaptureAppender.attach(context, "sync")
        async = CaptureAppender.attach(context, "async")
    }

    @AfterEach
    fun tearDown() {
        poolA.shutdownNow()
        poolB.shutdownNow()
        sync.detach()
        async.detach()
        installed.close()
        assertTrue(Context.copyCurrent().isEmpty(), "the test thread kept ${Context.copyCurrent()}")
    }

    @Test
    fun everyEventCarriesTheCoroutinesLatestValueAcrossSuspensionAndDispatchers() {
        val syncLog = LogManager.getLogger("sync")
        val asyncLog = LogManager.getLogger("async")
        val a = poolA.asCoroutineDispatcher()
        val b = poolB.asCoroutineDispatcher()
        runBlocking(a + ContextElement()) {
            repeat(coroutines) { n ->
                launch(if (n % 2 == 0) a else b) {
                    REQUEST_ID.set("c$n-first")
                    syncLog.info("c$n-first")
                    yield()
                    asyncLog.info("c$n-first")
                    withContext(if (n % 2 == 0) b else a) {
                        delay((n % 3).toLong())
                        REQUEST_ID.set("c$n-second") // shared with the caller: withContext is an await
                        syncLog.info("c$n-second")
                    }
                    withContext(Dispatchers.Default) {
                        yield()
                        asyncLog.info("c$n-second")
                    }
                    launch {
                        delay(1)
                        syncLog.info("c$n-second")
                    }
                }
            }
        }

        val syncLines = sync.await(3 * coroutines)
        val asyncLines = async.await(2 * coroutines)
        assertEquals(3 * coroutines, syncLines.size)
        assertEquals(2 * coroutines, asyncLines.size)
        for (line in syncLines + asyncLines) {
            assertEquals(line.message(), line.patternValue(0), "%X{requestId} of ${line.message()}")
        }
        Log4jThreadProbe.assertAllClean("poolA", 3) { poolA.execute(it) }
        Log4jThreadProbe.assertAllClean("poolB", 2) { poolB.execute(it) }
        a.close()
        b.close()
    }

    private companion object {
        val REQUEST_ID: ContextVar<String> = ContextVar.of("requestId")
    }
}
