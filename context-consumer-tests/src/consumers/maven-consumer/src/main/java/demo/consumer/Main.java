package demo.consumer;

import kotlinx.coroutines.BuildersKt;
import kotlinx.coroutines.Dispatchers;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.contextvars.coroutines.ContextElements;
import org.contextvars.slf4j.ContextVarMdc;
import org.slf4j.MDC;

/** Uses the core, the Kotlin bridge and the MDC bridge, as resolved through the BOM. */
public final class Main {
  private static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");

  private Main() {}

  public static void main(String[] args) throws Exception {
    String inCoroutine;
    String inMdc;
    try (ContextVarMdc mdc = ContextVarMdc.install(REQUEST_ID);
        Token<String> token = REQUEST_ID.set("r-1")) {
      inMdc = MDC.get("requestId");
      inCoroutine =
          BuildersKt.runBlocking(
              Dispatchers.getIO().plus(ContextElements.ContextElement()),
              (scope, continuation) -> REQUEST_ID.get());
    }
    System.out.println(
        "consumer: coroutine=" + inCoroutine + " mdc=" + inMdc + " after=" + REQUEST_ID.orElse("-"));
  }
}
