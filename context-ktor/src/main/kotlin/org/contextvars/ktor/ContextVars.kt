@file:JvmName("ContextVarsPlugin")

package org.contextvars.ktor

import io.ktor.server.application.ApplicationPlugin
import io.ktor.server.application.createApplicationPlugin
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.withContext
import org.contextvars.Context
import org.contextvars.coroutines.ContextElement
import org.contextvars.coroutines.asContextElement
import org.contextvars.coroutines.copyCurrentContext

/**
 * A Ktor server plugin that runs each call in a [Context] of its own, holding the variables chosen
 * in [ContextVarsConfig] with values read from the call: the Ktor counterpart of a servlet filter
 * that sets a request id, with the isolation of an asyncio task.
 *
 * ```
 * val REQUEST_ID = ContextVar.of<String>("requestId")
 *
 * embeddedServer(Netty, port = 8080) {
 *     install(ContextVars) {
 *         bind(REQUEST_ID) { call.request.header("X-Request-Id") ?: UUID.randomUUID().toString() }
 *     }
 *     routing {
 *         get("/orders") {
 *             val orders = withContext(Dispatchers.IO) { repository.load() }  // sees REQUEST_ID too
 *             log.info("loaded")                  // with ContextVarMdc: requestId in the MDC
 *             call.respond(orders)
 *         }
 *     }
 * }
 * ```
 *
 * What each call gets:
 *
 * | where | what it sees |
 * |---|---|
 * | plugins installed after it (also `CallFailed`/StatusPages handlers), routing, handlers, the response pipeline | the call's context: the bindings, on whatever thread the call resumes |
 * | `withContext(dispatcher)`, `coroutineScope`, `withTimeout` inside the call | the same context: sets inside are seen after them |
 * | `launch`, `async`, `call.launch`, `flowOn` inside the call | a copy of the call's context taken when they start |
 * | `VAR.set(...)` in a handler or plugin | kept for the rest of this call; never seen by other calls or the engine's threads |
 * | after the call | the thread has exactly the context it had before the call |
 *
 * The call's context starts as a copy of the call coroutine's own context when the application's
 * coroutine context carries a [ContextElement] (for example `parentCoroutineContext =
 * ContextElement(APP boundTo "shop")`), and empty otherwise: it never inherits whatever an engine
 * thread happens to have.
 *
 * Cautions:
 * - `call.launch { }` in a route handler or plugin hook starts in a copy of the call's context, as
 *   `launch` does. A scope made outside the call (an application-wide `CoroutineScope`,
 *   `application.launch`, `GlobalScope`) has no [ContextElement]: its coroutines see whatever their
 *   thread holds and their sets stay on that thread. Make such scopes with `ContextScope(...)`
 *   (context-kotlin), whose coroutines start in a copy of the launcher's context.
 * - Ktor's `CallLogging { mdc(...) }` runs the call in kotlinx's `MDCContext`, whose save/restore can
 *   leave the call's MDC values on Netty event-loop threads (see this module's README). Log with
 *   `ContextVarMdc.install(REQUEST_ID)` (module context-slf4j) and `CallLogging` without `mdc(...)`.
 * - The engine's own work outside the application pipeline (reading the request line, writing bytes,
 *   the engine's error handling) runs outside the call's context.
 *
 * Thread-safety: the plugin keeps no state per call; each call's context is private to that call's
 * coroutines.
 */
public val ContextVars: ApplicationPlugin<ContextVarsConfig> =
    createApplicationPlugin("ContextVars", ::ContextVarsConfig) {
        val bindings = pluginConfig.bindings
        on(AroundCallHook) { call, proceed ->
            val scope = CallBindingScope(call)
            var context = startContext()
            for (binding in bindings) context = binding.addTo(context, scope)
            withContext(context.asContextElement()) { proceed() }
        }
    }

/** A copy of the call coroutine's context when it carries one, else a new empty context. */
private suspend fun startContext(): Context =
    if (currentCoroutineContext()[ContextElement] != null) copyCurrentContext() else Context()
