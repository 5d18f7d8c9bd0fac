package demo.kotlin;

import kotlin.coroutines.CoroutineContext;
import kotlinx.coroutines.BuildersKt;
import kotlinx.coroutines.Dispatchers;
import org.contextvars.ContextVar;
import org.contextvars.coroutines.ContextElement;
import org.contextvars.coroutines.ContextElements;

/** Requires only the Kotlin bridge's module: the core and kotlinx.coroutines come with it. */
public final class Main {
  private static final ContextVar<String> USER = ContextVar.of("user");

  public static void main(String[] args) throws Exception {
    ContextElement element = ContextElements.asContextElement(USER, "ada");
    CoroutineContext onIo = Dispatchers.getIO().plus(element);
    String seen =
        BuildersKt.runBlocking(
            onIo, (scope, continuation) -> USER.get() + "@" + Thread.currentThread().getName());
    System.out.println(
        "seen=" + seen.replaceAll("@DefaultDispatcher-worker-\\d+.*", "@io")
            + " after=" + USER.orElse("-")
            + " module=" + ContextElement.class.getModule().getName());
  }
}
