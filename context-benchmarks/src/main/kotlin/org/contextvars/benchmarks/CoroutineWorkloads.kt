@file:JvmName("CoroutineWorkloads")

package org.contextvars.benchmarks

import kotlinx.coroutines.DEBUG_PROPERTY_NAME
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.asContextElement
import kotlinx.coroutines.async
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.contextvars.Context
import org.contextvars.ContextVar
import org.contextvars.coroutines.asContextElement
import org.contextvars.coroutines.boundTo
import org.contextvars.coroutines.withContextVars
import kotlin.coroutines.CoroutineContext

// The suspending code the coroutine benchmarks call. JMH's annotation processor only sees Java, so
// the @Benchmark methods are Java and each calls one of these. There is one function per library
// rather than one taking a reader lambda, so that every read is a direct call, as in real code.
// Each returns the summed lengths of the values read, which the benchmark returns to JMH's
// blackhole and the benchmark's setup checks.

/**
 * `runBlocking(element)`, then [resumes] times: `yield()` (a real dispatch through runBlocking's
 * event loop, then a resume, which installs the thread context elements) and a read of [variable].
 */
fun resumeReadingVar(element: CoroutineContext, variable: ContextVar<String>, resumes: Int): Int =
    runBlocking(element) {
        var sum = 0
        repeat(resumes) {
            yield()
            sum += variable.get().length
        }
        sum
    }

/** [resumeReadingVar] for a [ThreadLocal] carried by kotlinx.coroutines' `asContextElement`. */
fun resumeReadingThreadLocal(element: CoroutineContext, threadLocal: ThreadLocal<String>, resumes: Int): Int =
    runBlocking(element) {
        var sum = 0
        repeat(resumes) {
            yield()
            sum += threadLocal.get().length
        }
        sum
    }

/**
 * `runBlocking(element)` that launches [children] coroutines, each reading [variable] once; runBlocking
 * returns when all of them completed. Each child gets its own copy of the parent's element.
 */
fun launchReadingVar(element: CoroutineContext, variable: ContextVar<String>, children: Int): Int {
    var sum = 0
    runBlocking(element) {
        repeat(children) {
            launch { sum += variable.get().length }
        }
    }
    return sum
}

/** [launchReadingVar] for a [ThreadLocal] carried by kotlinx.coroutines' `asContextElement`. */
fun launchReadingThreadLocal(element: CoroutineContext, threadLocal: ThreadLocal<String>, children: Int): Int {
    var sum = 0
    runBlocking(element) {
        repeat(children) {
            launch { sum += threadLocal.get().length }
        }
    }
    return sum
}

/**
 * Inside `runBlocking(parent)`, [calls] times `withContext(variable.asContextElement(value)) { get }`,
 * the element created at the call, as applications write it.
 */
fun withVarElement(parent: CoroutineContext, variable: ContextVar<String>, value: String, calls: Int): Int =
    runBlocking(parent) {
        var sum = 0
        repeat(calls) {
            sum += withContext(variable.asContextElement(value)) { variable.get().length }
        }
        sum
    }

/** [withVarElement] written with the `withContextVars(variable boundTo value)` idiom. */
fun withContextVarsBinding(parent: CoroutineContext, variable: ContextVar<String>, value: String, calls: Int): Int =
    runBlocking(parent) {
        var sum = 0
        repeat(calls) {
            sum += withContextVars(variable boundTo value) { variable.get().length }
        }
        sum
    }

/**
 * [withVarElement] with an [EmptyCopyableElement] created at each call, reading [variable] as bound
 * on the thread: what kotlinx.coroutines charges any copyable element's `withContext`.
 */
fun withEmptyCopyableElement(variable: ContextVar<String>, calls: Int): Int =
    runBlocking(EmptyCopyableElement()) {
        var sum = 0
        repeat(calls) {
            sum += withContext(EmptyCopyableElement()) { variable.get().length }
        }
        sum
    }

/** [withVarElement] for kotlinx.coroutines' `threadLocal.asContextElement(value)`. */
fun withThreadLocalElement(parent: CoroutineContext, threadLocal: ThreadLocal<String>, value: String, calls: Int): Int =
    runBlocking(parent) {
        var sum = 0
        repeat(calls) {
            sum += withContext(threadLocal.asContextElement(value)) { threadLocal.get().length }
        }
        sum
    }

/** kotlinx.coroutines' own `threadLocal.asContextElement(value)`, for the Java benchmark states. */
fun threadLocalElement(threadLocal: ThreadLocal<String>, value: String): CoroutineContext =
    threadLocal.asContextElement(value)

/**
 * Fails unless kotlinx.coroutines' debug mode is off. With debug mode on, every coroutine carries a
 * second thread context element (its id, which renames the thread on each resume), so each resume
 * takes kotlinx.coroutines' allocating path for several elements and the measurement describes a
 * configuration nobody runs in production. Debug mode follows [DEBUG_PROPERTY_NAME], and by
 * default is on exactly when the JVM runs with assertions (`-ea`); JMH forks run without.
 */
fun requireCoroutineDebugModeOff() {
    val threadName = runBlocking { Thread.currentThread().name }
    check(!threadName.contains(" @coroutine#")) {
        "kotlinx.coroutines debug mode is on (thread renamed to '$threadName'; " +
            "$DEBUG_PROPERTY_NAME=${System.getProperty(DEBUG_PROPERTY_NAME)}, " +
            "assertions ${if (Job::class.java.desiredAssertionStatus()) "on" else "off"}): " +
            "run the benchmarks without -ea, or with -D$DEBUG_PROPERTY_NAME=off"
    }
}

/** [resumeReadingVar] without the read: what dispatching, installing and restoring costs per resume. */
fun resumeOnly(element: CoroutineContext, resumes: Int): Int =
    runBlocking(element) {
        var count = 0
        repeat(resumes) {
            yield()
            count++
        }
        count
    }

/**
 * `runBlocking(element)` starts [coroutines] children with `async(Dispatchers.Default)`; each child,
 * [suspensions] times: `yield()` (a dispatch to Default's pool, so the child resumes on any of its
 * threads), a read of [variable], and a write of the next of [values]. Returns how many reads, over
 * all children, saw the value the child itself last wrote (or, for the first read, the element's
 * value): all of them when writes persist across suspensions.
 */
fun manyCoroutinesVar(
    element: CoroutineContext,
    variable: ContextVar<String>,
    values: Array<String>,
    coroutines: Int,
    suspensions: Int,
): Int =
    runBlocking(element) {
        val children = List(coroutines) {
            async(Dispatchers.Default) {
                var ownReads = 0
                var last = variable.get()
                repeat(suspensions) { i ->
                    yield()
                    if (variable.get() === last) ownReads++
                    last = values[i and (values.size - 1)]
                    variable.set(last)
                }
                ownReads
            }
        }
        children.sumOf { it.await() }
    }

/**
 * [manyCoroutinesVar] for a [ThreadLocal] carried by kotlinx.coroutines' `asContextElement`. Its writes
 * do not survive a suspension (each resume installs the element's value again), so only the first
 * read of each child sees "its own" value: the result is [coroutines] unless a write equals the
 * element's value.
 */
fun manyCoroutinesThreadLocal(
    element: CoroutineContext,
    threadLocal: ThreadLocal<String>,
    values: Array<String>,
    coroutines: Int,
    suspensions: Int,
): Int =
    runBlocking(element) {
        val children = List(coroutines) {
            async(Dispatchers.Default) {
                var ownReads = 0
                var last = threadLocal.get()
                repeat(suspensions) { i ->
                    yield()
                    if (threadLocal.get() === last) ownReads++
                    last = values[i and (values.size - 1)]
                    threadLocal.set(last)
                }
                ownReads
            }
        }
        children.sumOf { it.await() }
    }

/**
 * [manyCoroutinesVar] without the writes: each child reads [variable] after every resume and returns
 * how many reads saw [expected], all of them when the element's value reaches every resume.
 */
fun manyCoroutinesVarReads(
    element: CoroutineContext,
    variable: ContextVar<String>,
    expected: String,
    coroutines: Int,
    suspensions: Int,
): Int =
    runBlocking(element) {
        val children = List(coroutines) {
            async(Dispatchers.Default) {
                var matching = 0
                repeat(suspensions) {
                    yield()
                    if (variable.get() === expected) matching++
                }
                matching
            }
        }
        children.sumOf { it.await() }
    }

/** [manyCoroutinesVarReads] for a [ThreadLocal] carried by kotlinx.coroutines' `asContextElement`. */
fun manyCoroutinesThreadLocalReads(
    element: CoroutineContext,
    threadLocal: ThreadLocal<String>,
    expected: String,
    coroutines: Int,
    suspensions: Int,
): Int =
    runBlocking(element) {
        val children = List(coroutines) {
            async(Dispatchers.Default) {
                var matching = 0
                repeat(suspensions) {
                    yield()
                    if (threadLocal.get() === expected) matching++
                }
                matching
            }
        }
        children.sumOf { it.await() }
    }

/** [manyCoroutinesVar] with no element: the value lives in a local variable of each child. */
fun manyCoroutinesLocal(values: Array<String>, coroutines: Int, suspensions: Int): Int =
    runBlocking {
        val children = List(coroutines) {
            async(Dispatchers.Default) {
                var ownReads = 0
                var own = values[values.size - 1]
                var last = own
                repeat(suspensions) { i ->
                    yield()
                    if (own === last) ownReads++
                    last = values[i and (values.size - 1)]
                    own = last
                }
                ownReads
            }
        }
        children.sumOf { it.await() }
    }

/**
 * Runs [probes] coroutines without any element on `Dispatchers.Default` and returns what one of them
 * found bound on its thread ([variable], any context variable, or [threadLocal]), or null when every
 * probe found the thread clean.
 */
fun leftOnDefaultThreads(variable: ContextVar<String>, threadLocal: ThreadLocal<String>, probes: Int): String? =
    runBlocking {
        List(probes) {
            async(Dispatchers.Default) {
                val thread = Thread.currentThread().name
                when {
                    variable.isBound() -> "${variable.name()} bound on $thread"
                    !Context.copyCurrent().isEmpty() -> "context variables ${Context.copyCurrent().vars()} on $thread"
                    threadLocal.get() != null -> "a ThreadLocal value on $thread"
                    else -> null
                }
            }
        }.firstNotNullOfOrNull { it.await() }
    }
