package org.contextvars;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Supplier;
import org.contextvars.internal.LeakTracker;
import org.contextvars.internal.ThreadContextHolder;
import org.contextvars.internal.VarMap;
import org.jspecify.annotations.Nullable;

/**
 * A mapping from {@link ContextVar}s to values: Python's {@code contextvars.Context}.
 *
 * <p>Every thread has a <em>current</em> context, which {@link ContextVar#get()} reads and {@link
 * ContextVar#set} writes. A thread starts with its own empty context. {@link #run} makes another
 * context current for the length of one call and puts the previous one back afterwards; values set
 * during the call stay in the context that was run.
 *
 * <pre>{@code
 * Context snapshot = Context.copyCurrent();   // O(1): shares the immutable bindings
 * executor.execute(() -> snapshot.run(() -> {
 *   REQUEST_ID.get();                         // the submitter's value
 *   REQUEST_ID.set("changed");                // lands in snapshot, not in the submitter's context
 * }));
 * }</pre>
 *
 * <p>Read it as a live, read-only mapping ({@link #get}, {@link #contains}, {@link #size}, {@link
 * #vars}, {@link #toMap}); write to it only by running code in it. There is deliberately no way to
 * obtain the current context itself, only a copy: code that could hold the live context could
 * change another task's values.
 *
 * <p>Cautions:
 *
 * <ul>
 *   <li>A context can be current on one thread at a time. {@code run} on a context that is already
 *       running, on this thread or any other, throws {@link IllegalStateException}: run a {@link
 *       #copy()} instead.
 *   <li>Values are shared, not copied. Put immutable values in context variables.
 *   <li>{@code equals} compares bindings, which change while the context runs: do not use a context
 *       as a key in a hash map.
 * </ul>
 *
 * <p>Thread-safety: the read methods may be called from any thread, also while another thread runs
 * code in this context; they see a consistent snapshot of its bindings.
 */
public final class Context {

  private static final AtomicReferenceFieldUpdater<Context, @Nullable Thread> OWNER =
      AtomicReferenceFieldUpdater.newUpdater(Context.class, Thread.class, "owner");

  private static final AtomicReferenceFieldUpdater<Context, VarMap> MAP =
      AtomicReferenceFieldUpdater.newUpdater(Context.class, VarMap.class, "map");

  /**
   * The bindings. Replaced, never mutated; written only by code running in this context. Volatile
   * so that other threads reading this context see a recent map, but written with {@link #setMap},
   * a release store: a full fence on every set would be paid by the owner for the rare reader.
   */
  volatile VarMap map;

  /** The thread running code in this context through {@link #run}, or null. */
  private volatile @Nullable Thread owner;

  /** Creates a new, empty context. */
  public Context() {
    this(VarMap.empty());
  }

  private Context(VarMap map) {
    // Not a volatile store: a new context reaches other threads only through a hand-off that
    // orders this write (an executor, a coroutine dispatch), and the fence would double the cost
    // of copyCurrent().
    MAP.lazySet(this, map);
  }

  void setMap(VarMap map) {
    MAP.lazySet(this, map);
  }

  /**
   * A new context with the same bindings as the calling thread's current context: Python's {@code
   * copy_context()}. Takes constant time; later changes to either context are invisible to the
   * other.
   */
  public static Context copyCurrent() {
    return new Context(ThreadContextHolder.get().current.map);
  }

  /** A new context with the same bindings as this one, in constant time. */
  public Context copy() {
    return new Context(map);
  }

  /**
   * A new context holding this context's bindings plus {@code var} bound to {@code value}; this
   * context is unchanged. Takes O(log n) time and makes no token: nothing needs resetting, because
   * nothing that is current changed.
   *
   * <p>Frameworks use it to build the context a request runs in before any of the request's code
   * runs:
   *
   * <pre>{@code
   * Context request = new Context().with(REQUEST_ID, id).with(TENANT, tenant);
   * executor.execute(request.wrap(handler));   // the handler runs in a copy of it
   * }</pre>
   *
   * @param value the value, null allowed; replaces a binding {@code var} already has here
   * @throws NullPointerException if {@code var} is null
   */
  public <T extends @Nullable Object> Context with(ContextVar<T> var, T value) {
    Objects.requireNonNull(var, "var must not be null");
    return new Context(map.put(var, var.hash, value));
  }

  /**
   * Runs {@code action} with this context as the current one, then restores the previous context,
   * also when {@code action} throws.
   *
   * @throws IllegalStateException if this context is already running on any thread; nothing runs
   */
  public void run(Runnable action) {
    Objects.requireNonNull(action, "action must not be null");
    ThreadContextHolder holder = ThreadContextHolder.get();
    Context previous = enter(holder);
    try {
      action.run();
    } finally {
      exit(holder, previous);
    }
  }

  /**
   * Calls {@code action} in this context, like {@link #run}, and returns its result. Exceptions
   * from {@code action} propagate unchanged.
   *
   * @throws IllegalStateException if this context is already running on any thread; nothing runs
   */
  public <R extends @Nullable Object> R call(Callable<R> action) throws Exception {
    Objects.requireNonNull(action, "action must not be null");
    ThreadContextHolder holder = ThreadContextHolder.get();
    Context previous = enter(holder);
    try {
      return action.call();
    } finally {
      exit(holder, previous);
    }
  }

  /**
   * Gets a result from {@code action} in this context, like {@link #run}.
   *
   * @throws IllegalStateException if this context is already running on any thread; nothing runs
   */
  public <R extends @Nullable Object> R supply(Supplier<R> action) {
    Objects.requireNonNull(action, "action must not be null");
    ThreadContextHolder holder = ThreadContextHolder.get();
    Context previous = enter(holder);
    try {
      return action.get();
    } finally {
      exit(holder, previous);
    }
  }

  private Context enter(ThreadContextHolder holder) {
    Thread me = Thread.currentThread();
    if (!OWNER.compareAndSet(this, null, me)) {
      Thread other = owner;
      throw new IllegalStateException(
          "cannot enter "
              + describe()
              + ": it is already entered"
              + (other == me ? " on this thread" : " by thread '" + threadName(other) + "'")
              + "; run a copy() of it instead");
    }
    Context previous = holder.current;
    holder.current = this;
    return previous;
  }

  private void exit(ThreadContextHolder holder, Context previous) {
    holder.current = previous;
    // A release store: the next owner's CAS still sees every write made here, without a fence.
    OWNER.lazySet(this, null);
  }

  private static String threadName(@Nullable Thread thread) {
    // The owner may have left between the failed CAS and this read.
    return thread == null ? "<just exited>" : thread.getName();
  }

  /**
   * The value of {@code var} in this context.
   *
   * @throws NoSuchElementException if {@code var} is not bound here (its default does not count)
   */
  @SuppressWarnings("unchecked")
  public <T extends @Nullable Object> T get(ContextVar<T> var) {
    Objects.requireNonNull(var, "var must not be null");
    Object value = map.get(var, var.hash);
    if (value == VarMap.ABSENT) {
      throw new NoSuchElementException(var + " is not bound in " + describe());
    }
    return (T) value;
  }

  /** The value of {@code var} in this context, or {@code fallback} when it is not bound here. */
  @SuppressWarnings("unchecked")
  public <T extends @Nullable Object> T getOrDefault(ContextVar<T> var, T fallback) {
    Objects.requireNonNull(var, "var must not be null");
    Object value = map.get(var, var.hash);
    return value == VarMap.ABSENT ? fallback : (T) value;
  }

  /** Whether {@code var} is bound in this context. A default value is not a binding. */
  public boolean contains(ContextVar<?> var) {
    Objects.requireNonNull(var, "var must not be null");
    return map.get(var, var.hash) != VarMap.ABSENT;
  }

  /** The number of variables bound in this context. */
  public int size() {
    return map.size();
  }

  /** Whether no variable is bound in this context. */
  public boolean isEmpty() {
    return map.size() == 0;
  }

  /** The variables bound in this context now, as an immutable snapshot. */
  public Set<ContextVar<?>> vars() {
    Set<ContextVar<?>> vars = new LinkedHashSet<>();
    map.forEach((key, value) -> vars.add((ContextVar<?>) key));
    return Collections.unmodifiableSet(vars);
  }

  /** The bindings of this context now, as an immutable snapshot. Values may be null. */
  public Map<ContextVar<?>, @Nullable Object> toMap() {
    Map<ContextVar<?>, @Nullable Object> bindings = new LinkedHashMap<>();
    map.forEach((key, value) -> bindings.put((ContextVar<?>) key, value));
    return Collections.unmodifiableMap(bindings);
  }

  /**
   * A task that runs {@code task} in a fresh copy of this context each time it runs, so values it
   * sets are never seen by this context, by the thread that runs it, or by a later run.
   */
  public Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task must not be null");
    if (LeakTracker.ENABLED) {
      return LeakTracker.checked(this, task);
    }
    return () -> copy().runUnshared(task);
  }

  /** Like {@link #wrap(Runnable)}, for a task with a result. */
  public <V extends @Nullable Object> Callable<V> wrap(Callable<V> task) {
    Objects.requireNonNull(task, "task must not be null");
    if (LeakTracker.ENABLED) {
      return LeakTracker.checked(this, task);
    }
    return () -> copy().callUnshared(task);
  }

  /*
   * Entering a copy that no other code can reach needs no entered-check: nothing else can enter it,
   * and tokens made in it never give it away. Skipping the check saves a CAS per wrapped task.
   */

  private void runUnshared(Runnable action) {
    ThreadContextHolder holder = ThreadContextHolder.get();
    Context previous = holder.current;
    holder.current = this;
    try {
      action.run();
    } finally {
      holder.current = previous;
    }
  }

  private <V extends @Nullable Object> V callUnshared(Callable<V> action) throws Exception {
    ThreadContextHolder holder = ThreadContextHolder.get();
    Context previous = holder.current;
    holder.current = this;
    try {
      return action.call();
    } finally {
      holder.current = previous;
    }
  }

  /** Two contexts are equal when they bind the same variables to equal values. */
  @Override
  public boolean equals(@Nullable Object obj) {
    if (obj == this) {
      return true;
    }
    if (!(obj instanceof Context)) {
      return false;
    }
    VarMap mine = map;
    VarMap theirs = ((Context) obj).map;
    if (mine == theirs) {
      return true;
    }
    if (mine.size() != theirs.size()) {
      return false;
    }
    boolean[] equal = {true};
    mine.forEach(
        (key, value) -> {
          if (equal[0]) {
            Object other = theirs.get(key, ((ContextVar<?>) key).hash);
            equal[0] = other != VarMap.ABSENT && Objects.equals(value, other);
          }
        });
    return equal[0];
  }

  @Override
  public int hashCode() {
    int[] sum = {0};
    map.forEach((key, value) -> sum[0] += key.hashCode() ^ Objects.hashCode(value));
    return sum[0];
  }

  /** Lists the bindings as {@code Context{name=value, ...}}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("Context{");
    map.forEach(
        (key, value) -> {
          if (out.length() > "Context{".length()) {
            out.append(", ");
          }
          out.append(((ContextVar<?>) key).name()).append('=').append(value);
        });
    return out.append('}').toString();
  }

  /** Identifies this context in error messages: identity plus the names of its variables. */
  String describe() {
    StringBuilder out =
        new StringBuilder("Context@").append(Integer.toHexString(System.identityHashCode(this)));
    out.append('[');
    int start = out.length();
    map.forEach(
        (key, value) -> {
          if (out.length() > start) {
            out.append(", ");
          }
          out.append(((ContextVar<?>) key).name());
        });
    return out.append(']').toString();
  }
}
