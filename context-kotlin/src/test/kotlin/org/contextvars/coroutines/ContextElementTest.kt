package org.contextvars.coroutines

import kotlinx.coroutines.CopyableThreadContextElement
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.contextvars.Context
import org.contextvars.ContextVar
import org.junit.jupiter.api.Test
import java.util.concurrent.CompletableFuture
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNotSame
import kotlin.test.assertSame
import kotlin.test.assertTrue

class ContextElementTest : ContextTestBase() {

    private val name = ContextVar.of<String>("name")
    private val count = ContextVar.of<Int>("count", 0)

    @Test
    fun `updateThreadContext makes the element's context current and returns the one it replaced`() {
        val outer = name.set("thread")
        val element = name.asContextElement("element")
        val previous = element.updateThreadContext(EmptyCoroutineContext)
        assertEquals("element", name.get())
        element.restoreThreadContext(EmptyCoroutineContext, previous)
        assertEquals("thread", name.get())
        name.reset(outer) // the thread's own context object is current again
    }

    @Test
    fun `restoreThreadContext writes the old state back whatever is installed now`() {
        val first = name.asContextElement("first")
        val second = name.asContextElement("second")
        val original = first.updateThreadContext(EmptyCoroutineContext)
        second.updateThreadContext(EmptyCoroutineContext) // something else got installed meanwhile
        first.restoreThreadContext(EmptyCoroutineContext, original) // no check, no exception
        assertFalse(name.isBound())
    }

    @Test
    fun `restoreThreadContext on another thread only touches that thread`() {
        val element = name.asContextElement("element")
        val mainPrevious = element.updateThreadContext(EmptyCoroutineContext)
        val otherThread = CompletableFuture.supplyAsync {
            val token = count.set(7)
            val previous = element.updateThreadContext(EmptyCoroutineContext)
            element.restoreThreadContext(EmptyCoroutineContext, previous)
            val seen = count.get()
            count.reset(token)
            seen
        }.get()
        assertEquals(7, otherThread)
        assertEquals("element", name.get())
        element.restoreThreadContext(EmptyCoroutineContext, mainPrevious)
    }

    @Test
    fun `a restore that runs late on its thread still leaves that thread in its own context`() {
        // kotlinx.coroutines may restore after the coroutine already resumed elsewhere and set values.
        val element = ContextElement().copyForChild()
        val previous = element.updateThreadContext(EmptyCoroutineContext)
        CompletableFuture.runAsync {
            val elsewhere = element.updateThreadContext(EmptyCoroutineContext)
            name.set("set while resumed elsewhere")
            element.restoreThreadContext(EmptyCoroutineContext, elsewhere)
        }.get()
        element.restoreThreadContext(EmptyCoroutineContext, previous)
        assertFalse(name.isBound())
    }

    @Test
    fun `copyForChild of ContextElement() copies the context current on the calling thread`() {
        val template = ContextElement()
        val token = name.set("at launch")
        val child = template.copyForChild()
        name.reset(token)
        assertEquals("at launch", installed(child) { name.get() })
    }

    @Test
    fun `each child gets its own context object`() {
        val template = name.asContextElement("shared start")
        val a = template.copyForChild() as ContextElement
        val b = template.copyForChild() as ContextElement
        assertNotSame(a.context, b.context)
        installed(a) { name.set("a") }
        assertEquals("shared start", installed(b) { name.get() })
        assertEquals("a", installed(a) { name.get() })
    }

    @Test
    fun `Context asContextElement copies the context when the child is created, not before`() {
        val source = Context()
        val element = source.asContextElement()
        source.run { name.set("later") }
        val child = element.copyForChild()
        assertEquals("later", installed(child) { name.get() })
        installed(child) { name.set("child") }
        assertEquals("later", source.get(name))
    }

    @Test
    fun `mergeForChild builds the child from the overwriting element`() {
        val parent = name.asContextElement("parent").copyForChild()
        val merged = installed(parent) { parent.mergeForChild(count.asContextElement(3)) } as ContextElement
        assertEquals("parent" to 3, installed(merged) { name.get() to count.get() })
        assertEquals(0, installed(parent) { count.get() })
    }

    /** The two ways to make a template that binds [count]: any number of bindings, or one. */
    private val countTemplates: Map<String, (Int) -> ContextElement> = mapOf(
        "ContextElement(count boundTo v)" to { v -> ContextElement(count boundTo v) },
        "count.asContextElement(v)" to { v -> count.asContextElement(v) },
    )

    @Test
    fun `a binding element binds on top of the creator's context`() {
        for ((how, countTemplate) in countTemplates) {
            val token = name.set("creator")
            val element = countTemplate(1)
            val child = element.copyForChild()
            name.reset(token)
            assertEquals("creator" to 1, installed(child) { name.get() to count.get() }, how)
        }
    }

    @Test
    fun `a template installed as it is gives children a copy of its current context, not its recipe`() {
        val template = name.asContextElement("recipe")
        val child = installed(template) {
            name.set("changed after start")
            template.copyForChild()
        }
        assertEquals("changed after start", installed(child) { name.get() })
    }

    @Test
    fun `a binding template installed as it is starts from the creator's context taken at its creation`() {
        for ((how, countTemplate) in countTemplates) {
            val atCreation = name.set("at creation")
            val template = countTemplate(1)
            name.reset(atCreation)
            val atInstallation = name.set("at installation")
            try {
                assertEquals("at creation" to 1, installed(template) { name.get() to count.get() }, how)
                // The same context on every installation: the template's own context is made once.
                installed(template) { count.set(2) }
                assertEquals(2, installed(template) { count.get() }, how)
            } finally {
                name.reset(atInstallation)
            }
        }
    }

    @Test
    fun `binding one variable twice is rejected with its name`() {
        val error = assertFailsWith<IllegalArgumentException> { ContextElement(name boundTo "a", count boundTo 1, name boundTo "b") }
        assertTrue("ContextVar(name) is bound twice" in error.message!!, error.message)
        assertFalse("=a" in error.message!! || "=b" in error.message!!, error.message)
    }

    @Test
    fun `the companion is the key`() {
        val element = ContextElement()
        assertSame(ContextElement, element.key)
        assertSame(element, (EmptyCoroutineContext + element)[ContextElement])
    }

    @Test
    fun `toString tells how children start and never shows values`() {
        assertEquals("ContextElement(children start in a copy of the creator's context)", ContextElement().toString())
        val template = ContextElement(name boundTo "secret").toString()
        assertEquals("ContextElement(children start in a copy of the creator's context plus name)", template)
        assertEquals(template, name.asContextElement("secret").toString())
        val copyOf = Context().with(name, "secret").asContextElement().toString()
        assertEquals("ContextElement(children start in a copy of a context binding [name])", copyOf)
        val child = ContextElement(name boundTo "secret").copyForChild().toString()
        assertFalse("secret" in child, child)
        assertEquals("name=v", (name boundTo "v").toString())
    }

    @Test
    fun `a coroutine without an explicit element gets one from the scope template`() = runBlocking(ContextElement()) {
        val element = coroutineContext[ContextElement]!!
        launch { assertNotSame(element, coroutineContext[ContextElement]) }.join()
    }

    private fun <R> installed(element: CopyableThreadContextElement<Context>, block: () -> R): R {
        val previous = element.updateThreadContext(EmptyCoroutineContext)
        try {
            return block()
        } finally {
            element.restoreThreadContext(EmptyCoroutineContext, previous)
        }
    }
}
