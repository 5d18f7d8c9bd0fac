package org.contextvars.ktor

import io.ktor.server.application.ApplicationCall
import io.ktor.utils.io.KtorDsl
import org.contextvars.Context
import org.contextvars.ContextVar

/**
 * What [ContextVars] binds in each call's context: one line per variable, each with a function that
 * reads the value from the call.
 *
 * ```
 * install(ContextVars) {
 *     bind(REQUEST_ID) { call.request.header("X-Request-Id") ?: UUID.randomUUID().toString() }
 *     bindIfNotNull(TENANT) { call.request.queryParameters["tenant"] }
 * }
 * ```
 *
 * The functions run once per call, in the order they were declared, in the call's coroutine, before
 * any other plugin or handler of the call runs. They are not run inside the call's context, so one
 * cannot read the value another one binds.
 *
 * Cautions:
 * - A function that throws fails the call before anything else of it runs: the exception reaches
 *   Ktor's engine (HTTP 500) with no context entered.
 * - The functions run before the `Setup` step of other plugins, so values those plugins attach to the
 *   call there (such as CallId's `call.callId`) are not known yet: read the request itself.
 *
 * Thread-safety: configured once, on the thread that installs the plugin; the plugin reads it only
 * after [io.ktor.server.application.install] returns and never changes it.
 */
@KtorDsl
public class ContextVarsConfig {
    private val declared = ArrayList<CallBinding<*>>()

    internal val bindings: List<CallBinding<*>>
        get() = declared.toList()

    /**
     * Binds [variable] in every call's context to what [value] returns for that call (a `null` result
     * is bound as `null` when the variable's type allows it).
     *
     * @throws IllegalArgumentException if [variable] is already bound by this configuration; the
     *     message names it and the configuration is unchanged
     */
    public fun <T> bind(variable: ContextVar<T>, value: suspend CallBindingScope.() -> T) {
        add(CallBinding(variable, bindNull = true, value))
    }

    /**
     * Binds [variable] in a call's context to what [value] returns for that call, unless it returns
     * `null`: then the variable stays unbound in that call ([ContextVar.get] gives its default).
     *
     * ```
     * bindIfNotNull(TENANT) { call.request.header("X-Tenant") }
     * ```
     *
     * @throws IllegalArgumentException if [variable] is already bound by this configuration; the
     *     message names it and the configuration is unchanged
     */
    public fun <T> bindIfNotNull(variable: ContextVar<T>, value: suspend CallBindingScope.() -> T?) {
        add(CallBinding(variable, bindNull = false, value))
    }

    private fun add(binding: CallBinding<*>) {
        val clash = declared.firstOrNull { it.variable === binding.variable }
        require(clash == null) { "${binding.variable} is bound twice in install(ContextVars)" }
        declared += binding
    }
}

/**
 * The receiver of the functions given to [ContextVarsConfig.bind]: gives them the call being set up.
 *
 * ```
 * bind(LOCALE) { call.request.acceptLanguage() ?: "en" }
 * ```
 *
 * Thread-safety: immutable; [call] is Ktor's call object, to be used as Ktor allows.
 */
@KtorDsl
public class CallBindingScope internal constructor(
    /** The call whose context is being made. */
    public val call: ApplicationCall,
)

/** One declared binding; [bindNull] says whether a `null` result is bound or skipped. */
internal class CallBinding<T>(
    val variable: ContextVar<T>,
    private val bindNull: Boolean,
    private val value: suspend CallBindingScope.() -> T?,
) {
    /** [context] plus this variable bound to its value for [scope]'s call, unless it is to stay unbound. */
    suspend fun addTo(context: Context, scope: CallBindingScope): Context {
        val result = value(scope)
        if (result == null && !bindNull) return context
        @Suppress("UNCHECKED_CAST") // bind() only accepts functions returning T, so null fits T there
        return context.with(variable, result as T)
    }

    override fun toString(): String = "bind(${variable.name()})"
}
