package org.contextvars.ktor

import org.contextvars.ContextVar

val REQUEST_ID: ContextVar<String> = ContextVar.of("requestId")
val TENANT: ContextVar<String> = ContextVar.of("tenant", "public")
val STEP: ContextVar<String> = ContextVar.of("step")


/** The bound value, or null when the variable is unbound here (its default does not count). */
fun <T : Any> ContextVar<T>.boundOrNull(): T? = if (isBound) get() else null
