package org.contextvars.coroutines

import org.contextvars.ContextVar

/** Variables shared by the scenario suites. */
object Vars {
    val REQUEST: ContextVar<String> = ContextVar.of("request")
    val STEP: ContextVar<Int> = ContextVar.of("step", 0)
    val LEVEL: ContextVar<Int> = ContextVar.of("level", 0)
    val NULLABLE: ContextVar<String?> = ContextVar.of("nullable")
}
