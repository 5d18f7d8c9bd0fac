package org.contextvars.coroutines

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.future
import kotlinx.coroutines.withContext
import org.contextvars.ContextVar
import java.util.concurrent.CompletableFuture

/** A Kotlin service with Java-facing twins of its suspend functions, as the KDoc recommends. */
class GreetingService(private val scope: CoroutineScope = ContextScope(TestPools.small.dispatcher)) : AutoCloseable {

    suspend fun greet(): String {
        delay(1)
        val greeting = withContext(TestPools.other.dispatcher) { "hello ${USER.get()}" }
        USER.set("changed by the coroutine")
        return greeting
    }

    /** From any scope: captures the Java caller's context explicitly. */
    fun greetAsync(): CompletableFuture<String> = scope.futureWithCallerContext { greet() }

    /** From a [ContextScope]: plain `future` already captures the caller's context. */
    fun greetWithScopeAsync(): CompletableFuture<String> = scope.future { greet() }

    override fun close() = scope.cancel()

    companion object {
        @JvmField
        val USER: ContextVar<String> = ContextVar.of("user", "nobody")
    }
}
