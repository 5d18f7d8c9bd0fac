@file:JvmName("CoroutineWorkloads")

package org.contextvars.benchmarks

import kotlinx.coroutines.DEBUG_PROPERTY_NAME
import kotlinx.coroutines.Job
import kotlinx.coroutines.asContextElement
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
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
