package demo.app

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import java.util.concurrent.Executors
import org.contextvars.coroutines.ContextElement

/** A coroutine with a ContextElement keeps its own value across delays and dispatcher switches. */
object CoroutineCheck {
    @JvmStatic
    fun acrossDelayAndDispatchers(): String {
        val seen = mutableListOf<String>()
        Executors.newSingleThreadExecutor().asCoroutineDispatcher().use { single ->
            runBlocking(Dispatchers.Default + ContextElement()) {
                Main.USER.set("ada")
                delay(10)
                seen += Main.USER.get()
                withContext(Dispatchers.IO) {
                    delay(10)
                    seen += Main.USER.get()
                }
                withContext(single) { seen += Main.USER.get() }
            }
        }
        return "in=" + seen.joinToString(",") + " after=" + Main.USER.get()
    }
}
