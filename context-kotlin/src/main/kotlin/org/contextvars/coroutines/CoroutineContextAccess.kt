@file:JvmName("CoroutineContextAccess")

package org.contextvars.coroutines

import kotlinx.coroutines.currentCoroutineContext
import org.contextvars.Context
import org.contextvars.ContextVar

/**
 * A copy of the calling coroutine's context: Python's `copy_context()` inside a task. Later sets on
 * either side stay on that side. Without a [ContextElement] in the coroutine, a copy of the thread's
 * current context, like [Context.copyCurrent].
 *
 * ```
 * suspend fun handOff(executor: Executor) {
 *     val snapshot = copyCurrentContext()
 *     executor.execute { snapshot.run { legacyCode() } }   // sees this coroutine's values
 * }
 * ```
 *
 * There is no way to get the coroutine's live context, as Python has no `current()`: code holding it
 * could change another task's values.
 */
public suspend fun copyCurrentContext(): Context =
    currentCoroutineContext()[ContextElement]?.context?.copy() ?: Context.copyCurrent()

/**
 * Whether the calling coroutine carries a [ContextElement] and this variable is bound in its context
 * (a default value does not count). The counterpart of kotlinx.coroutines' `ThreadLocal.isPresent`.
 *
 * ```
 * if (!TENANT.isPresent()) return withContext(TENANT.asContextElement("public")) { load() }
 * ```
 */
public suspend fun ContextVar<*>.isPresent(): Boolean =
    currentCoroutineContext()[ContextElement]?.context?.contains(this) == true

/**
 * Checks that the calling coroutine carries a [ContextElement] and binds this variable in its
 * context, so a missing `withContext(...)` fails at the boundary instead of deep inside.
 *
 * ```
 * suspend fun chargeCard() {
 *     TENANT.ensurePresent()        // fails fast when a caller forgot to bind the tenant
 *     ...
 * }
 * ```
 *
 * @throws IllegalStateException naming this variable and what is missing; nothing changes
 */
public suspend fun ContextVar<*>.ensurePresent() {
    val element = currentCoroutineContext()[ContextElement]
    check(element != null) {
        "$this is not present: the coroutine carries no ContextElement " +
            "(add ContextElement() or withContext(${name()}.asContextElement(value)))"
    }
    check(element.context.contains(this)) {
        "$this is not present: it is not bound in the coroutine's context " +
            "(bind it with withContext(${name()}.asContextElement(value)))"
    }
}
