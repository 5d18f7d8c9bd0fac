package org.contextvars.examples.mixed

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.await
import kotlinx.coroutines.future.future
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.contextvars.coroutines.ContextScope
import org.contextvars.examples.mixed.RequestVars.REQUEST_ID
import org.contextvars.examples.mixed.RequestVars.TENANT
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.concurrent.ExecutorService

/**
 * The Kotlin side: renders an invoice in a coroutine that changes threads, starts child coroutines
 * and calls a Java listener back. It reads the tenant and the request id from [RequestVars], where
 * its Java caller put them; no function here takes them as parameters.
 *
 * From Java:
 * ```java
 * try (Token<String> tenant = TENANT.set("acme")) {
 *     String document = invoices.renderAsync("INV-7", steps, listener).get();
 * }
 * ```
 *
 * Thread-safety: safe for any number of concurrent callers; each call runs in its own coroutine,
 * in its own copy of its caller's context.
 *
 * @param renderThreads the threads of a custom dispatcher that [render] switches to; the caller owns
 *   and shuts them down
 * @param callbacks where Java listeners run: a `ContextExecutors` wrapper, so that a listener sees
 *   the values of the coroutine that called it
 */
class InvoiceService(renderThreads: ExecutorService, private val callbacks: Executor) : AutoCloseable {

    /** Every coroutine of this scope starts in a copy of the context of the thread that starts it. */
    private val scope = ContextScope(Dispatchers.Default)

    /** A custom dispatcher, on threads the Java side made. */
    private val renderPool = renderThreads.asCoroutineDispatcher()

    /**
     * The Java-facing twin of [render]: starts it in a copy of the calling Java thread's context and
     * returns its result as a future.
     */
    fun renderAsync(invoice: String, steps: StepTable, listener: InvoiceListener): CompletableFuture<String> =
        scope.future { render(invoice, steps, listener) }

    /** Renders [invoice], printing each step to [steps], and tells [listener] when it is done. */
    suspend fun render(invoice: String, steps: StepTable, listener: InvoiceListener): String = coroutineScope {
        steps.print("Kotlin coroutine starts")

        // A child starts in a snapshot of this coroutine's context, taken now. It waits for the
        // set below only so that the table prints in a fixed order.
        val idChanged = CompletableDeferred<Unit>()
        val earlyChild = launch {
            idChanged.await()
            steps.print("  child launched before set")
        }

        // withContext(dispatcher) changes threads but not contexts: the block shares this coroutine's.
        withContext(Dispatchers.IO) { steps.print("  withContext(Dispatchers.IO)") }
        withContext(renderPool) {
            steps.print("  withContext(renderPool)")
            REQUEST_ID.set(REQUEST_ID.get() + "/pdf") // into this coroutine's context, never the caller's
            delay(1) // resumes on any render thread, still with the new id
            steps.print("  after REQUEST_ID.set")
        }
        steps.print("  back from withContext")

        idChanged.complete(Unit)
        earlyChild.join()
        launch { steps.print("  child launched after set") }.join()

        // Kotlin calls Java: the wrapped executor runs the listener in a copy of the context that is
        // current here, this coroutine's.
        val document = "${TENANT.get()}/$invoice.pdf"
        CompletableFuture.runAsync({ listener.rendered(document) }, callbacks).await()

        steps.print("Kotlin coroutine returns")
        document
    }

    /** Cancels the calls still running; their futures complete exceptionally. */
    override fun close() = scope.cancel()
}
