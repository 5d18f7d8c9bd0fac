@file:JvmName("ContextVarDelegation")

package org.contextvars.coroutines

import org.contextvars.ContextVar
import kotlin.reflect.KProperty

/**
 * Lets a read-only property read a variable: each access calls [ContextVar.get] in the context
 * current at that moment, so the property follows the coroutine (or thread) that reads it.
 *
 * ```
 * val REQUEST_ID = ContextVar.of<String>("requestId")
 * val requestId: String by REQUEST_ID
 *
 * withContext(REQUEST_ID.asContextElement("r-1")) { println(requestId) }   // r-1
 * ```
 *
 * There is no `setValue`: assigning would drop the reset [org.contextvars.Token].
 *
 * @throws NoSuchElementException if the variable is unbound and has no default
 */
public operator fun <T> ContextVar<T>.getValue(thisRef: Any?, property: KProperty<*>): T = get()
