@file:JvmName("ContextElements")

package org.contextvars.coroutines

import kotlinx.coroutines.CopyableThreadContextElement
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.ExperimentalCoroutinesApi
import org.contextvars.Context
import org.contextvars.ContextSwitch
import org.contextvars.ContextVar
import org.contextvars.coroutines.internal.ChildContextSource
import kotlin.coroutines.CoroutineContext

/**
 * Gives each coroutine its own [Context], the way asyncio gives each task one, so that
 * [ContextVar.get] and [ContextVar.set] work inside coroutines as they do inside Python tasks.
 *
 * ```
 * val REQUEST_ID = ContextVar.of<String>("requestId")
 *
 * suspend fun handle(id: String) = withContext(REQUEST_ID.asContextElement(id)) {
 *     delay(10)                                 // resumes on any thread ...
 *     log(REQUEST_ID.get())                     // ... and still sees its own id
 *     REQUEST_ID.set("$id/retry")               // stays in this coroutine
 *     launch { check(REQUEST_ID.get() == "$id/retry") }   // a child starts in a copy
 * }
 * ```
 *
 * Create elements with [ContextElement()][ContextElement], [ContextElement(bindings)][ContextElement],
 * [Context.asContextElement] or [ContextVar.asContextElement][asContextElement]. An element you create
 * is a template: every coroutine built from it by a coroutine builder gets a fresh `Context` of its
 * own. What the template decides is only what that new `Context` starts with.
 *
 * How contexts flow (a coroutine is an asyncio task; `withContext` without a new element is an `await`):
 *
 * | situation | behaviour |
 * |---|---|
 * | `get` in a coroutine that has the element | the coroutine's value, on whatever thread it resumes |
 * | `set` in that coroutine | kept across suspensions and dispatcher switches; never seen by the parent, siblings or other coroutines on the same thread |
 * | `launch`, `async`, `produce`, `future`, `runBlocking(element)`, `flowOn`, `channelFlow` | the child starts in a copy of the context current where it is created, taken when it is created |
 * | `withContext(dispatcher)`, `coroutineScope`, `supervisorScope`, `withTimeout` | share the caller's context: sets inside are visible after they return |
 * | a plain `flow { }` body | runs in its collector's coroutine and context, like an async generator in its consumer's task |
 * | `withContext(element)` | the block runs in a new context made by `element` (for example the caller's plus a binding); the caller's context is unchanged afterwards |
 * | suspension, completion, cancellation, exception | the thread gets back exactly the context it had before |
 * | `Dispatchers.Unconfined`, `CoroutineStart.UNDISPATCHED`, `Main.immediate`-style inline resumes | the same rules: the resumed coroutine sees its own context, the frame it ran in gets its own back |
 *
 * The coroutine's `Context` object is itself the holder of its values: `set` replaces that object's
 * immutable map, and resuming the coroutine makes that object current on the thread with one
 * reference store. Nothing is copied back when the coroutine suspends.
 *
 * Cautions:
 * - A coroutine started without any `ContextElement` (a plain `runBlocking {}`, `launch` in a scope
 *   that never had one) runs in whatever context the thread has. Its sets then land in that
 *   thread's context, which on a pooled thread outlives the coroutine. Add `ContextElement()` to the
 *   scope or the top-level builder.
 * - `runBlocking` does not inherit its caller's coroutine context: inside a coroutine write
 *   `runBlocking(ContextElement())` to give it a copy instead of the caller's live context.
 * - Keep one `ContextElement` per coroutine context: adding a second one replaces the first, so bind
 *   several variables in one element with [ContextElement(bindings)][ContextElement] or
 *   [withContextVars].
 * - `withContext(context)` where `context` carries a `ContextElement`, including the caller's own
 *   (`withContext(coroutineContext + dispatcher)`), starts a new context: kotlinx.coroutines offers
 *   no way to tell that call apart from `launch(coroutineContext)`, and sharing one context between
 *   two coroutines would break both. Pass only the dispatcher to share.
 * - Low-level starters that do not go through a coroutine builder (`createCoroutine`,
 *   `startCoroutine`, the scope of `runTest`) install the element as it is: such a coroutine runs
 *   in the context the element made when it was created, and its children start in copies of that
 *   context as usual. Create a new element for each such coroutine.
 * - A coroutine whose context has no dispatcher (a bare `suspend fun main`, `startCoroutine` with
 *   an empty context) is resumed by kotlinx.coroutines without installing any thread context
 *   element: after a suspension it sees the context of whichever thread resumed it. Run such code
 *   inside `runBlocking(ContextElement())` or `withContext(Dispatchers.Default + ContextElement())`.
 * - A coroutine is created on the creating thread: a scope captured in one coroutine and used to
 *   launch from another thread gives the child a copy of that other thread's context, as Python's
 *   `create_task` copies the calling context.
 *
 * Thread-safety: safe to share; its state never changes, except that a template made from bindings
 * builds its own context once, under a lock, when something installs the template as it is. The
 * context it carries is only written by the code of the one coroutine that runs in it.
 */
@OptIn(ExperimentalCoroutinesApi::class, DelicateCoroutinesApi::class)
public class ContextElement internal constructor(
    ownContext: Context?,
    private val children: ChildContextSource,
    private val templateBase: Context?,
) : CopyableThreadContextElement<Context> {

    internal constructor(context: Context, children: ChildContextSource) : this(context, children, null)

    /**
     * The coroutine's own context: made current on every resumption, written by its `set` calls.
     * Null in a template made from bindings until something installs the template itself: every
     * `withContext(VAR.asContextElement(v))` makes such a template only to derive the block's
     * element from it, so building the template's own context there would build it twice.
     */
    @Volatile
    private var ownContext: Context? = ownContext

    internal val context: Context
        get() = ownContext ?: templateContext()

    /** The creator's context captured with the template, plus the bindings: made once. */
    private fun templateContext(): Context = synchronized(this) {
        ownContext ?: (children as ChildContextSource.CreatorPlus).onto(templateBase!!).also { ownContext = it }
    }

    /**
     * The key of [ContextElement] in a coroutine context.
     *
     * ```
     * val carriesContext = currentCoroutineContext()[ContextElement] != null
     * ```
     */
    public companion object Key : CoroutineContext.Key<ContextElement>

    /** Always [ContextElement.Key]. */
    override val key: CoroutineContext.Key<*>
        get() = Key

    /**
     * Makes this coroutine's context current on the calling thread and returns the one it replaces.
     * A reference swap and an array store: it never copies a map and never throws.
     */
    override fun updateThreadContext(context: CoroutineContext): Context = ContextSwitch.resume(this.context)

    /**
     * Puts [oldState] back as the calling thread's context, whatever is installed now:
     * kotlinx.coroutines does not always restore in the reverse order of its updates. Nothing is
     * copied back into the coroutine: its sets already went to its own context, and the coroutine
     * may already run again on another thread (kotlinx.coroutines may restore late). Never throws: a
     * scope opened in the coroutine and still open is closed first, and reported to the
     * [org.contextvars.LeakCheck] listener.
     */
    override fun restoreThreadContext(context: CoroutineContext, oldState: Context) {
        ContextSwitch.suspend(this.context, oldState)
    }

    /**
     * A new coroutine's element: a new context, made as this element prescribes. When this element's
     * own context is the one current here, a coroutine running in it is launching a child, so the
     * child gets a plain copy: this happens for templates that a low-level starter installed as they
     * are, whose bindings are already in that context and must not be applied over later sets.
     */
    override fun copyForChild(): CopyableThreadContextElement<Context> {
        val own = ownContext
        val start = if (own != null && ContextSwitch.isCurrent(own)) own.copy() else children.newContext()
        return ContextElement(start, ChildContextSource.CopyOfCreator)
    }

    /**
     * Called when a new coroutine, or a `withContext` block, is given [overwritingElement] while its
     * parent already has an element: the explicitly given element wins.
     */
    override fun mergeForChild(overwritingElement: CoroutineContext.Element): CoroutineContext =
        (overwritingElement as ContextElement).copyForChild()

    /**
     * Shows how children start: a template shows the bindings it was given, a coroutine's own element
     * never shows the values it holds, which may be private.
     */
    override fun toString(): String = "ContextElement(children start in a $children)"
}

/**
 * An element that starts each new coroutine in a copy of the context current on the thread that
 * creates it: Python's `create_task`. Put it in a long-lived scope so that coroutines launched from
 * plain threads inherit those threads' values.
 *
 * ```
 * val scope = CoroutineScope(SupervisorJob() + Dispatchers.IO + ContextElement())
 *
 * // on a request thread:
 * REQUEST_ID.set("r-7")
 * scope.launch { audit(REQUEST_ID.get()) }   // "r-7", whatever the thread does next
 * ```
 *
 * Java: `ContextElements.ContextElement()`.
 */
public fun ContextElement(): ContextElement =
    ContextElement(Context.copyCurrent(), ChildContextSource.CopyOfCreator)

/**
 * An element that starts each new coroutine in a copy of the creator's context with [first] and
 * [more] bound on top. One element carries all the bindings; two elements added together would
 * replace each other.
 *
 * ```
 * withContext(ContextElement(TENANT boundTo "acme", USER boundTo "ada")) {
 *     check(TENANT.get() == "acme" && USER.get() == "ada")
 * }
 * ```
 *
 * @throws IllegalArgumentException if a variable is bound twice; the message names it
 */
public fun ContextElement(first: ContextVarBinding<*>, vararg more: ContextVarBinding<*>): ContextElement {
    val bindings = arrayOf(first, *more)
    return bindingsElement(bindings)
}

/** Takes [bindings] over: callers pass an array nothing else holds. */
internal fun bindingsElement(bindings: Array<out ContextVarBinding<*>>): ContextElement {
    for (i in bindings.indices) {
        for (j in 0 until i) {
            require(bindings[i].variable !== bindings[j].variable) {
                "ContextVar(${bindings[i].variable.name()}) is bound twice in one element"
            }
        }
    }
    return template(ChildContextSource.CreatorPlusAll(bindings))
}

/**
 * A template whose coroutines start in a copy of their creator's context plus what [children] adds.
 * The creator's context is captured now, as the template's own context would be; the bindings are
 * added only if the template is ever installed as it is.
 */
private fun template(children: ChildContextSource.CreatorPlus): ContextElement =
    ContextElement(null, children, Context.copyCurrent())

/**
 * An element that starts each new coroutine in a copy of this context, taken when the coroutine is
 * created: Python's `create_task(coro, context=ctx)`, except that sets in the coroutine never reach
 * this context.
 *
 * ```
 * val snapshot = Context.copyCurrent()            // e.g. captured on a request thread
 * scope.launch(snapshot.asContextElement()) {
 *     REQUEST_ID.get()                            // the value in snapshot
 * }
 * ```
 *
 * Java: `ContextElements.asContextElement(context)`.
 */
public fun Context.asContextElement(): ContextElement {
    val source = ChildContextSource.CopyOf(this)
    return ContextElement(source.newContext(), source)
}

/**
 * An element that starts each new coroutine in a copy of the creator's context with this variable
 * bound to [value]. To bind several variables use [ContextElement(bindings)][ContextElement].
 *
 * ```
 * withContext(LOCALE.asContextElement(Locale.FRENCH)) {
 *     render()                 // LOCALE.get() == Locale.FRENCH, here and in children
 * }
 * // LOCALE is what it was before
 * ```
 */
public fun <T> ContextVar<T>.asContextElement(value: T): ContextElement =
    template(ChildContextSource.CreatorPlusOne(this, value))
