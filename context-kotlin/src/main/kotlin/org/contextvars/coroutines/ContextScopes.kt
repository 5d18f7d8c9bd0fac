@file:JvmName("ContextScopes")

package org.contextvars.coroutines

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext

/**
 * A long-lived scope whose coroutines each start in a copy of the context of the thread that
 * launches them, also when that thread is a plain Java thread: the scope to keep in a Kotlin service
 * that Java code calls.
 *
 * The scope has a [SupervisorJob] (a child of `context`'s job if it has one), runs on
 * [Dispatchers.Default] unless `context` names a dispatcher, and carries [ContextElement()][ContextElement]
 * unless `context` already carries a [ContextElement].
 *
 * ```
 * class ReportService {
 *     private val scope = ContextScope(Dispatchers.IO)
 *     fun renderAsync(id: String): CompletableFuture<Report> = scope.future { render(id) }
 *     fun close() = scope.cancel()
 * }
 * ```
 *
 * From Java:
 * ```java
 * CoroutineScope scope = ContextScopes.create(Dispatchers.getIO());
 * ...
 * CoroutineScopeKt.cancel(scope, null);
 * ```
 *
 * Cautions: cancel the scope when its owner is closed, or its coroutines outlive it.
 */
@JvmName("create")
@JvmOverloads
public fun ContextScope(context: CoroutineContext = EmptyCoroutineContext): CoroutineScope {
    var scopeContext = context + SupervisorJob(context[Job])
    if (context[ContinuationInterceptor] == null) scopeContext += Dispatchers.Default
    if (context[ContextElement] == null) scopeContext += ContextElement()
    return CoroutineScope(scopeContext)
}
