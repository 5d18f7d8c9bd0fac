@file:JvmName("ContextFutures")

package org.contextvars.coroutines

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.future.future
import java.util.concurrent.CompletableFuture
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext

/**
 * Starts [block] as a coroutine in this scope, in a copy of the calling thread's context, and
 * returns its result as a [CompletableFuture]: the way to give Java callers a suspend function while
 * their context variables follow the call.
 *
 * Unlike plain `future`, this captures the caller's context even when the scope carries no
 * [ContextElement]. If [context] carries one, that element decides instead.
 *
 * ```
 * class UserService(private val scope: CoroutineScope) {
 *     suspend fun load(id: String): User = repository.find(id, TENANT.get())
 *
 *     // Java-facing twin of load()
 *     fun loadAsync(id: String): CompletableFuture<User> = scope.futureWithCallerContext { load(id) }
 * }
 * ```
 *
 * The call from Java:
 * ```java
 * try (Token<String> tenant = TENANT.set("acme")) {
 *     CompletableFuture<User> user = userService.loadAsync("42");   // load() sees tenant "acme"
 *     return user.join();
 * }
 * ```
 *
 * Cancelling the future cancels the coroutine; cancelling the scope completes the future
 * exceptionally. `CoroutineStart.LAZY` is rejected, as by `future`.
 */
public fun <T> CoroutineScope.futureWithCallerContext(
    context: CoroutineContext = EmptyCoroutineContext,
    start: CoroutineStart = CoroutineStart.DEFAULT,
    block: suspend CoroutineScope.() -> T,
): CompletableFuture<T> =
    future(if (context[ContextElement] == null) context + ContextElement() else context, start, block)
