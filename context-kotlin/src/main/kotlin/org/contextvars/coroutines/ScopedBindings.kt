@file:JvmName("ScopedBindings")

package org.contextvars.coroutines

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.withContext

/**
 * Runs [block] in a copy of the caller's context with [bindings] added, and returns its result. The
 * caller's context is the same afterwards, also when [block] set variables or failed. Children
 * launched in [block] start in copies of the block's context.
 *
 * ```
 * suspend fun handle(request: Request) =
 *     withContextVars(REQUEST_ID boundTo request.id, TENANT boundTo request.tenant) {
 *         service.process(request)     // reads REQUEST_ID.get() and TENANT.get()
 *     }
 * ```
 *
 * Equivalent to `withContext(ContextElement(bindings...), block)`; with no bindings the block runs in
 * a plain copy, like Python's `copy_context().run(...)`.
 *
 * @throws IllegalArgumentException if a variable is bound twice; the message names it and nothing runs
 */
public suspend fun <R> withContextVars(
    vararg bindings: ContextVarBinding<*>,
    block: suspend CoroutineScope.() -> R,
): R = withContext(bindingsElement(bindings), block)
