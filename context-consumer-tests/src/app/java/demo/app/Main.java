package demo.app;

import ch.qos.logback.classic.LoggerContext;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.contextvars.Context;
import org.contextvars.ContextCompletableFuture;
import org.contextvars.ContextExecutors;
import org.contextvars.ContextLeak;
import org.contextvars.ContextVar;
import org.contextvars.LeakCheck;
import org.contextvars.Token;
import org.contextvars.slf4j.ContextVarMdc;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A small application that is shrunk, optimised and obfuscated together with the library jars,
 * then run: each check prints "ok name" or throws. Run with -Dorg.contextvars.leakCheck=true.
 */
public final class Main {
  static final ContextVar<String> USER = ContextVar.of("user", "nobody");

  private Main() {}

  public static void main(String[] args) throws Exception {
    ExecutorService raw = Executors.newFixedThreadPool(2);
    ExecutorService pool = ContextExecutors.wrap(raw);
    try {
      setGetReset();
      copyAndRunWithTheEnteredCheck();
      wrappedExecutors(pool, raw);
      contextCompletableFuture(pool);
      leakCheck(pool);
      check("coroutine", CoroutineCheck.acrossDelayAndDispatchers(), "in=ada,ada,ada after=nobody");
      micrometer(raw);
      slf4jWithLogback(pool);
    } finally {
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    System.out.println("all checks passed");
  }

  static void check(String name, Object actual, Object expected) {
    if (!expected.equals(actual)) {
      throw new AssertionError(name + ": expected <" + expected + "> but was <" + actual + ">");
    }
    System.out.println("ok " + name);
  }

  private static void setGetReset() {
    String before = USER.get() + "/" + USER.isBound();
    Token<String> token = USER.set("ada");
    String during = USER.get() + "/" + USER.isBound() + "/" + token.hasOldValue();
    USER.reset(token);
    check("set-get-reset", before + " " + during + " " + USER.get() + "/" + token.isUsed(),
        "nobody/false ada/true/false nobody/true");
  }

  private static void copyAndRunWithTheEnteredCheck() {
    Context context;
    try (Token<String> token = USER.set("ada")) {
      context = Context.copyCurrent();
    }
    String entered =
        context.supply(
            () -> {
              USER.set("bob");
              try {
                context.run(() -> {});
                return "entered twice";
              } catch (IllegalStateException expected) {
                return "refused";
              }
            });
    check("copy-run", entered + " " + context.get(USER) + " " + USER.get(), "refused bob nobody");
  }

  private static void wrappedExecutors(ExecutorService pool, ExecutorService raw)
      throws Exception {
    String seen;
    try (Token<String> token = USER.set("ada")) {
      seen = pool.submit(() -> USER.get()).get();
    }
    String leftOnPoolThreads = raw.submit(() -> USER.isBound() + "").get();
    check("wrapped-executor", seen + " " + leftOnPoolThreads, "ada false");
  }

  private static void contextCompletableFuture(ExecutorService pool) {
    String seen;
    try (Token<String> token = USER.set("ada")) {
      seen =
          ContextCompletableFuture.supplyAsync(USER::get, pool)
              .thenApplyAsync(v -> v + "+" + USER.get())
              .join();
    }
    check("completable-future", seen, "ada+ada");
  }

  private static void leakCheck(ExecutorService pool) throws Exception {
    List<ContextLeak> leaks = new CopyOnWriteArrayList<>();
    LeakCheck.Listener previous = LeakCheck.setListener(leaks::add);
    try {
      pool.submit(() -> USER.set("forgotten")).get();
    } finally {
      LeakCheck.setListener(previous);
    }
    StringBuilder found = new StringBuilder(LeakCheck.isEnabled() + "");
    for (ContextLeak leak : leaks) {
      found.append(' ').append(leak.kind()).append(':').append(leak.var().name());
    }
    check("leak-check", found.toString(), "true UNRESET_TOKEN:user");
  }

  private static void micrometer(ExecutorService raw) throws Exception {
    ContextSnapshot snapshot;
    try (Token<String> token = USER.set("ada")) {
      snapshot = ContextSnapshotFactory.builder().build().captureAll();
    }
    String seen = raw.submit(snapshot.wrap(() -> USER.get())).get();
    String after = raw.submit(() -> USER.get()).get();
    check("micrometer", seen + " " + after, "ada nobody");
  }

  private static void slf4jWithLogback(ExecutorService pool) throws Exception {
    ContextVar<String> requestId = ContextVar.of("requestId");
    LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    String seen;
    try (ContextVarMdc mdc = ContextVarMdc.install(requestId);
        Token<String> token = requestId.set("r-1")) {
      seen =
          pool.submit(() -> MDC.get("requestId") + "," + logback.getMDCAdapter().get("requestId"))
              .get();
    }
    check("slf4j-logback", seen + " " + MDC.get("requestId"), "r-1,r-1 null");
  }
}
