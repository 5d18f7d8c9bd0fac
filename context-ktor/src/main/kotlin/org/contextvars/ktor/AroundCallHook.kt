package org.contextvars.ktor

import io.ktor.server.application.ApplicationCall
import io.ktor.server.application.ApplicationCallPipeline
import io.ktor.server.application.Hook
import io.ktor.server.application.call
import io.ktor.util.pipeline.PipelinePhase

/**
 * Runs its handler around everything the application pipeline does with a call: the handler gets the
 * rest of the pipeline as a function to call, and can wrap it, for example in `withContext`.
 *
 * Ktor has no public hook around the whole call, so this adds a phase in front of the first phase
 * the pipeline has when the plugin is installed. Phases that other plugins add later in front of
 * `Setup` (such as the one `CallFailed` handlers use) land after it, so they run inside.
 */
internal object AroundCallHook : Hook<suspend (ApplicationCall, suspend () -> Unit) -> Unit> {
    private val phase = PipelinePhase("ContextVars")

    override fun install(
        pipeline: ApplicationCallPipeline,
        handler: suspend (ApplicationCall, suspend () -> Unit) -> Unit,
    ) {
        pipeline.insertPhaseBefore(pipeline.items.first(), phase)
        pipeline.intercept(phase) {
            handler(call) { proceed() }
        }
    }
}
