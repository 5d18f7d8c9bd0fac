package demo.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.contextvars.Context;
import org.contextvars.ContextExecutors;
import org.contextvars.ContextVar;
import org.contextvars.Token;

/** Uses the core from a named module that has no JSpecify on its module path. */
public final class Main {
  private static final ContextVar<String> USER = ContextVar.of("user");

  public static void main(String[] args) throws Exception {
    Token<String> token = USER.set("ada");
    Context snapshot = Context.copyCurrent();
    USER.reset(token);
    String inSnapshot = snapshot.supply(USER::get);

    ExecutorService pool = ContextExecutors.wrap(Executors.newSingleThreadExecutor());
    String onPool;
    try (Token<String> bob = USER.set("bob")) {
      onPool = pool.submit(USER::get).get();
    } finally {
      pool.shutdown();
    }
    System.out.println(
        "snapshot=" + inSnapshot
            + " pool=" + onPool
            + " after=" + USER.orElse("-")
            + " module=" + ContextVar.class.getModule().getName()
            + " jspecify=" + ModuleLayer.boot().findModule("org.jspecify").isPresent());
  }
}
