package org.contextvars.ktor

import org.contextvars.ContextVar

val REQUEST_ID: ContextVar<String> = ContextVar.of("requestId")
val TENANT: ContextVar<String> = ContextVar.of("tenant", "public")
val STEP: ContextVar<String> = ContextVar.of("step")

/** Heavier variants run with -Dcontextvars.stress=true. */
object Stress {
    val enabled: Boolean = System.getProperty("contextvars.stress").toBoolean()

    fun pick(normal: Int, stress: Int): Int = if (enabled) stress else normal
}

/** The bound value, or null when the variable is unbound here (its default does not count). */
fun <T : Any> ContextVar<T>.boundOrNull(): T? = if (isBound) get() else null
