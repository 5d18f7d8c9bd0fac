package demo.slf4j;

import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.contextvars.slf4j.ContextVarMdc;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The MDC bridge on the module path, with Logback as SLF4J's provider. */
public final class Main {
  private static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");

  public static void main(String[] args) {
    String backend = LoggerFactory.getILoggerFactory().getClass().getName();
    try (ContextVarMdc mdc = ContextVarMdc.install(REQUEST_ID);
        Token<String> token = REQUEST_ID.set("r-1")) {
      System.out.println("mdc=" + MDC.get("requestId") + " backend=" + backend);
    }
    System.out.println("after=" + MDC.get("requestId"));
  }
}
