package org.contextvars.ktor

import io.ktor.server.application.Application
import io.ktor.server.application.install
import io.ktor.server.plugins.calllogging.CallLogging
import io.ktor.server.request.header
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.util.UUID

// The Ktor example of the top-level README, as it is shown there (REQUEST_ID is in Vars.kt).

fun Application.hello() {
    install(ContextVars) {
        bind(REQUEST_ID) { call.request.header("X-Request-Id") ?: UUID.randomUUID().toString() }
    }
    install(CallLogging)                // without mdc(...): its line gets requestId from ContextVarMdc
    routing {
        get("/hello") {
            val greeting = withContext(Dispatchers.IO) { "hello ${REQUEST_ID.get()}" }
            call.respondText(greeting)
        }
    }
}
