package org.contextvars;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.contextvars.internal.VarMap;
import org.jspecify.annotations.Nullable;

/**
 * The machinery behind {@link LeakCheck}: per-thread records of wrapped tasks and of where values
 * were set, and the checks run when a wrapped task starts and ends.
 *
 * <p>Every entry point is guarded by {@link #ENABLED} at its call site. Because that field is a
 * {@code static final} read once, the JIT folds the guard away when the check is off, so the
 * disabled check costs nothing on the hot paths ({@code ContextVar.set}, wrapped tasks).
 *
 * <p>Thread-safety: the records are confined to their thread; only the listener is shared.
 */
final class LeakTracker {

  static final String PROPERTY = "org.contextvars.leakCheck";

  static final boolean ENABLED = readSwitch();

  private static final Logger LOGGER = Logger.getLogger("org.contextvars.LeakCheck");

  private static final ThreadLocal<Ledger> LEDGERS =
      new ThreadLocal<Ledger>() {
        // ThreadLocal.withInitial is not available on Android API 24.
        @Override
        protected Ledger initialValue() {
          return new Ledger();
        }
      };

  private static final AtomicReference<LeakCheck.Listener> LISTENER =
      new AtomicReference<LeakCheck.Listener>(LoggingLeakListener.INSTANCE);

  private LeakTracker() {}

  private static boolean readSwitch() {
    try {
      return Boolean.parseBoolean(System.getProperty(PROPERTY));
    } catch (SecurityException e) {
      return false;
    }
  }

  static LeakCheck.Listener setListener(LeakCheck.Listener listener) {
    return LISTENER.getAndSet(listener);
  }

  /** Remembers where {@code token}'s set happened; called by {@code ContextVar.set}. */
  static void recordSet(Token<?> token, Context context) {
    Ledger ledger = LEDGERS.get();
    TaskScope task = ledger.task;
    if (task == null) {
      // Outside any wrapped task: only the latest site per variable matters for a later report.
      ledger.outsideTaskSites.put(token.var(), new SetSite(token.var()));
    } else if (task.context == context) {
      task.add(token, new SetSite(token.var()));
    }
    // Otherwise the set is in a context the task entered itself, which outlives it by design.
  }

  /** {@code Context.wrap} when the check is on: each run is a checked task in a copy. */
  static Runnable checked(Context source, Runnable task) {
    Thread origin = Thread.currentThread();
    return (Runnable & ContextBound) () -> {
      Context context = source.copy();
      TaskScope scope = enter(context, origin);
      try {
        context.run(task);
      } finally {
        exit(scope);
      }
    };
  }

  /** Like {@link #checked(Context, Runnable)}, for a task with a result. */
  static <V extends @Nullable Object> Callable<V> checked(Context source, Callable<V> task) {
    Thread origin = Thread.currentThread();
    return (Callable<V> & ContextBound) () -> {
      Context context = source.copy();
      TaskScope scope = enter(context, origin);
      try {
        return context.call(task);
      } finally {
        exit(scope);
      }
    };
  }

  /**
   * Runs a future's stage function in its snapshot. The completing thread may hold values of its
   * own for good reasons, so only the stage's tokens are checked.
   */
  static <R extends @Nullable Object> R runStage(Context snapshot, Supplier<R> body) {
    TaskScope scope = enter(snapshot, null);
    try {
      return snapshot.supply(body);
    } finally {
      exit(scope);
    }
  }

  private static TaskScope enter(Context context, @Nullable Thread origin) {
    Ledger ledger = LEDGERS.get();
    Thread me = Thread.currentThread();
    // A task run by its own submitter (caller-runs, direct executors) or nested in another task
    // runs inside a context that belongs to someone: only a worker's outermost context is suspect.
    boolean checksThread = origin != null && origin != me && ledger.task == null;
    if (checksThread) {
      checkOutsideTask(ledger, me);
    }
    TaskScope scope = new TaskScope(context, ledger, checksThread);
    ledger.task = scope;
    return scope;
  }

  private static void exit(TaskScope scope) {
    Ledger ledger = scope.ledger;
    ledger.task = scope.outer;
    Thread me = Thread.currentThread();
    scope.reportUnresetTokens(me);
    if (scope.checksThread) {
      checkOutsideTask(ledger, me);
    }
  }

  private static void checkOutsideTask(Ledger ledger, Thread me) {
    VarMap outside = ThreadState.get().current.ownBindings();
    if (outside.size() == 0) {
      ledger.lastReported = null;
      return;
    }
    // Compared by identity: the same bindings object means nothing changed, and no value's
    // equals runs (values may be hostile).
    if (outside == ledger.lastReported) {
      return;
    }
    ledger.lastReported = outside;
    outside.forEach(
        (key, value) -> {
          ContextVar<?> var = (ContextVar<?>) key;
          report(
              new ContextLeak(
                  ContextLeak.Kind.BOUND_OUTSIDE_TASK,
                  var,
                  me.getName(),
                  ledger.outsideTaskSites.get(var)));
        });
  }

  /** Tells the listener that a context was left out of order; whether or not the check is on. */
  static void reportMismatchedExit(String threadName, IllegalStateException mismatch) {
    report(new ContextLeak(threadName, mismatch));
  }

  private static void report(ContextLeak leak) {
    try {
      LISTENER.get().onLeak(leak);
    } catch (RuntimeException e) {
      LOGGER.log(Level.WARNING, "LeakCheck listener failed on " + leak, e);
    }
  }

  /** What the check knows about one thread. */
  private static final class Ledger {
    /** The innermost wrapped task running on this thread, or null. */
    @Nullable TaskScope task;

    /** Where each variable was last set outside any wrapped task. */
    final Map<ContextVar<?>, Throwable> outsideTaskSites = new HashMap<>();

    /** The outside-task bindings reported last, so that a leak is reported once, not per task. */
    @Nullable VarMap lastReported;
  }

  /** One wrapped task while it runs: the tokens of sets in its context. */
  private static final class TaskScope {
    final Context context;
    final Ledger ledger;
    final @Nullable TaskScope outer;
    final boolean checksThread;
    final List<Token<?>> tokens = new ArrayList<>();
    final List<Throwable> sites = new ArrayList<>();
    private int pruneAt = 16;

    TaskScope(Context context, Ledger ledger, boolean checksThread) {
      this.context = context;
      this.ledger = ledger;
      this.outer = ledger.task;
      this.checksThread = checksThread;
    }

    void add(Token<?> token, Throwable site) {
      if (tokens.size() >= pruneAt) {
        pruneResetTokens();
      }
      tokens.add(token);
      sites.add(site);
    }

    /** Keeps a long task that sets and resets in a loop from growing its records without bound. */
    private void pruneResetTokens() {
      int kept = 0;
      for (int i = 0; i < tokens.size(); i++) {
        if (!tokens.get(i).isUsed()) {
          tokens.set(kept, tokens.get(i));
          sites.set(kept, sites.get(i));
          kept++;
        }
      }
      tokens.subList(kept, tokens.size()).clear();
      sites.subList(kept, sites.size()).clear();
      pruneAt = Math.max(16, 2 * kept);
    }

    void reportUnresetTokens(Thread me) {
      for (int i = 0; i < tokens.size(); i++) {
        Token<?> token = tokens.get(i);
        if (!token.isUsed()) {
          report(
              new ContextLeak(
                  ContextLeak.Kind.UNRESET_TOKEN, token.var(), me.getName(), sites.get(i)));
        }
      }
    }
  }

  /** Never thrown: its stack trace shows where a variable was set, starting at the set call. */
  private static final class SetSite extends Throwable {
    private static final long serialVersionUID = 1L;

    SetSite(ContextVar<?> var) {
      super(var.describe() + ".set(...) was called here", null, false, true);
      StackTraceElement[] trace = getStackTrace();
      int skip = 0;
      while (skip < trace.length
          && trace[skip].getClassName().startsWith(LeakTracker.class.getName())) {
        skip++;
      }
      setStackTrace(Arrays.copyOfRange(trace, skip, trace.length));
    }
  }
}
