package demo.app.nologback;

import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.contextvars.slf4j.ContextVarMdc;
import org.slf4j.MDC;

/** The MDC bridge in an app that has SLF4J without Logback, shrunk and run on its own. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ContextVar<String> requestId = ContextVar.of("requestId");
    String seen;
    try (ContextVarMdc mdc = ContextVarMdc.install(requestId);
        Token<String> token = requestId.set("r-1")) {
      seen = MDC.get("requestId");
    }
    String result = seen + " " + MDC.get("requestId");
    if (!result.equals("r-1 null")) {
      throw new AssertionError("slf4j-without-logback: " + result);
    }
    System.out.println("ok slf4j-without-logback");
  }
}
