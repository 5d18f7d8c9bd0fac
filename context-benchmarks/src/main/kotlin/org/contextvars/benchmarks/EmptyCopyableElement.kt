package org.contextvars.benchmarks

import kotlinx.coroutines.CopyableThreadContextElement
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlin.coroutines.CoroutineContext

/**
 * A copyable thread context element that carries and installs nothing: the cost kotlinx.coroutines
 * itself adds to a coroutine, or a `withContext`, whose context holds any
 * `CopyableThreadContextElement` (it rebuilds the coroutine context to copy the element for each
 * child), apart from whatever the element does. The floor under our `ContextElement`, which must be
 * copyable so that every coroutine gets its own context; kotlinx.coroutines'
 * `ThreadLocal.asContextElement` is not copyable and does not pay it.
 */
@OptIn(ExperimentalCoroutinesApi::class, DelicateCoroutinesApi::class)
class EmptyCopyableElement : CopyableThreadContextElement<Unit> {

    companion object Key : CoroutineContext.Key<EmptyCopyableElement>

    override val key: CoroutineContext.Key<*>
        get() = Key

    override fun updateThreadContext(context: CoroutineContext) {}

    override fun restoreThreadContext(context: CoroutineContext, oldState: Unit) {}

    override fun copyForChild(): CopyableThreadContextElement<Unit> = EmptyCopyableElement()

    override fun mergeForChild(overwritingElement: CoroutineContext.Element): CoroutineContext =
        EmptyCopyableElement()
}
