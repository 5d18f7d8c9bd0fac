@file:JvmName("ContextVarBindings")

package org.contextvars.coroutines

import org.contextvars.Context
import org.contextvars.ContextVar

/**
 * A variable paired with a value, to be bound by a [ContextElement]. Create one with [boundTo]; the
 * compiler checks that the value fits the variable, which a `Pair` would not.
 *
 * ```
 * val REQUEST_ID = ContextVar.of<String>("requestId")
 * val ATTEMPT = ContextVar.of<Int>("attempt")
 *
 * withContextVars(REQUEST_ID boundTo "r-1", ATTEMPT boundTo 1) {
 *     check(REQUEST_ID.get() == "r-1" && ATTEMPT.get() == 1)
 * }
 * // ATTEMPT boundTo "one"   // does not compile
 * ```
 *
 * Thread-safety: immutable; the value itself is shared, not copied.
 */
public class ContextVarBinding<T> internal constructor(
    /** The variable to bind. */
    public val variable: ContextVar<T>,
    /** The value the variable is bound to; may be null when `T` is nullable. */
    public val value: T,
) {
    internal fun addTo(context: Context): Context = context.with(variable, value)

    /** `name=value`: for debugging; messages and element descriptions name only the variable. */
    override fun toString(): String = "${variable.name()}=$value"
}

/**
 * Pairs this variable with [value] for a [ContextElement] or [withContextVars].
 *
 * ```
 * launch(ContextElement(TENANT boundTo "acme", LOCALE boundTo Locale.FRENCH)) { render() }
 * ```
 */
public infix fun <T> ContextVar<T>.boundTo(value: T): ContextVarBinding<T> = ContextVarBinding(this, value)
