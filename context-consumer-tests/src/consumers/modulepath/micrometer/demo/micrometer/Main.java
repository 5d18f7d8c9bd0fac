package demo.micrometer;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.contextvars.ContextVar;
import org.contextvars.Token;

/**
 * Micrometer finds the bridge's accessor through ServiceLoader; this module does not require the
 * bridge, as an application using Reactor or Spring would not.
 */
public final class Main {
  private static final ContextVar<String> USER = ContextVar.of("user");

  public static void main(String[] args) throws Exception {
    ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();
    ContextSnapshot snapshot;
    try (Token<String> token = USER.set("ada")) {
      snapshot = snapshots.captureAll();
    }
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      String seen = pool.submit(snapshot.wrap(() -> USER.orElse("none"))).get();
      String plain = pool.submit(() -> USER.orElse("none")).get();
      StringBuilder accessors = new StringBuilder();
      ContextRegistry.getInstance().getThreadLocalAccessors().forEach(
          a -> accessors.append(a.getClass().getModule().getName()).append(' '));
      System.out.println("seen=" + seen + " plain=" + plain + " accessors=" + accessors.toString().trim());
    } finally {
      pool.shutdown();
    }
  }
}
