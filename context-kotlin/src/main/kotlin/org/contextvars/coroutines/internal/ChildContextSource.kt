package org.contextvars.coroutines.internal

import org.contextvars.Context
import org.contextvars.ContextVar
import org.contextvars.coroutines.ContextVarBinding

/**
 * Makes the [Context] a new coroutine starts in. Called by the coroutine builder, on the thread that
 * creates the coroutine, so "current" below means the creator's context.
 */
internal sealed interface ChildContextSource {

    fun newContext(): Context

    /** Python's `create_task`: a copy of the context current on the creating thread. */
    object CopyOfCreator : ChildContextSource {
        override fun newContext(): Context = Context.copyCurrent()

        override fun toString(): String = "copy of the creator's context"
    }

    /** `create_task(coro, context=ctx)`, except that each coroutine gets its own copy of [source]. */
    class CopyOf(private val source: Context) : ChildContextSource {
        override fun newContext(): Context = source.copy()

        override fun toString(): String =
            source.vars().joinToString(prefix = "copy of a context binding [", postfix = "]") { it.name() }
    }

    /** A copy of the creator's context with some bindings added on top. */
    sealed class CreatorPlus : ChildContextSource {
        override fun newContext(): Context = onto(Context.copyCurrent())

        /** A new context: [base]'s bindings plus these. */
        abstract fun onto(base: Context): Context
    }

    /** [CreatorPlus] any number of [bindings]. */
    class CreatorPlusAll(private val bindings: Array<out ContextVarBinding<*>>) : CreatorPlus() {
        override fun onto(base: Context): Context = base.plus(bindings)

        override fun toString(): String =
            bindings.joinToString(prefix = "copy of the creator's context plus ") { it.variable.name() }
    }

    /**
     * [CreatorPlus] one binding, held as it is rather than as a binding object in an array:
     * `withContext(VAR.asContextElement(v))` makes one on every call.
     */
    class CreatorPlusOne<T>(private val variable: ContextVar<T>, private val value: T) : CreatorPlus() {
        override fun onto(base: Context): Context = base.with(variable, value)

        override fun toString(): String = "copy of the creator's context plus ${variable.name()}"
    }
}

/** A new context: this context's bindings plus [bindings]. This context is unchanged. */
internal fun Context.plus(bindings: Array<out ContextVarBinding<*>>): Context =
    bindings.fold(this) { context, binding -> binding.addTo(context) }
