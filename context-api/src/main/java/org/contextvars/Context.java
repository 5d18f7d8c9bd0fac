package org.contextvars;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;
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

  private static final AtomicIntegerFieldUpdater<Context> OWNER =
      AtomicIntegerFieldUpdater.newUpdater(Context.class, "owner");

  /**
   * The bindings this context was made with. Final, so that a context published through a data
   * race is still seen with bindings (the memory model promises that for final fields only), and
   * making one costs no fence.
   */
  private final VarMap initial;

  /**
   * {@link #initial}'s {@linkplain VarMap#flatSlots slot table} and shape, read by {@code
   * ContextVar.get} in a context nobody set in yet: a wrapped task's, a coroutine's, where most
   * reads happen. Final for the same reason as {@code initial}; kept beside it, for eight bytes more
   * per context, because a read through the map ran 86 machine instructions against 76 from here.
   */
  final @Nullable Object[] initialSlots;

  final int initialShape;

  /**
   * The bindings. Replaced, never mutated; written only by code running in this context ({@link
   * #publish}). Null until the first {@code set}: readers then use {@link #initial}.
   *
   * <p>A plain field, because {@code ContextVar.get} reads it on every call: a volatile read there
   * cost a fifth of the call, and a second, volatile copy would cost every {@code set} a second
   * garbage collector write barrier. Plain is enough for code that runs in this context: whatever
   * ran in it before, on whatever thread, handed it over through a happens-before edge ({@code
   * run}'s ownership, an executor's queue, a coroutine's dispatch). Readers on other threads see a
   * consistent snapshot all the same, because every map's fields are final; see {@link
   * #bindings}.
   */
  private @Nullable VarMap latest;

  /**
   * {@link #latest}'s {@linkplain VarMap#flatSlots slot table}; with {@link #latestShape}, written
   * and read under the same rules as {@code latest}, and read by {@code ContextVar.get} itself.
   * Kept here so that {@code get} loads the table straight from the context instead of loading the
   * map and then its table: one dependent load fewer, a sixth of the call, for eight bytes more per
   * context.
   *
   * <p>Null while {@code latest} is, in a context nobody set in yet, whose readers use {@link
   * #initialSlots}: set from the constructor, these two fields would not be final, and a context
   * published through a data race could show the table without its shape.
   */
  @Nullable Object @Nullable [] latestSlots;

  int latestShape;

  /**
   * The {@linkplain EntryRefusal#ownerMark mark} of the thread running code in this context through
   * {@link #run}, or 0. A number, not the thread: see {@link EntryRefusal}.
   */
  private volatile int owner;

  /** Creates a new, empty context. */
  public Context() {
    this(VarMap.empty(), VarMap.empty().flatSlots(), VarMap.empty().flatShape());
  }

  private Context(VarMap bindings, @Nullable Object[] slots, int shape) {
    // Only final fields: a constructor without a volatile or release store lets the JIT remove a
    // context that does not escape (a snapshot that is only copied again).
    this.initial = bindings;
    this.initialSlots = slots;
    this.initialShape = shape;
  }

  /*
   * Every context but a new, empty one is made by holding or ownCopy, which read the table and
   * shape into locals before the allocation. Read inside the constructor, after it, they
   * made C2 keep a garbage collector write barrier, with a fence under G1, for each of the new
   * object's reference fields (two fences more per wrapped task); values known before the
   * allocation are written as part of it, with no barrier.
   */

  /** A new context holding {@code bindings}. */
  private static Context holding(VarMap bindings) {
    @Nullable Object[] slots = bindings.flatSlots();
    int shape = bindings.flatShape();
    return new Context(bindings, slots, shape);
  }

  /**
   * The current bindings, for readers that may run on another thread than the code running in this
   * context. The volatile read of {@link #owner} first keeps the JIT from hoisting the read of the
   * bindings out of a reader's loop, so a reader polling a context that another thread runs sees
   * its sets.
   */
  VarMap bindings() {
    @SuppressWarnings("unused")
    int ordersTheNextRead = owner;
    return ownBindings();
  }

  /** The current bindings, for code running in this context. */
  VarMap ownBindings() {
    VarMap changed = latest;
    return changed != null ? changed : initial;
  }

  /**
   * The value of {@code var} in the current bindings, or {@link VarMap#ABSENT}, for code running
   * in this context.
   */
  @Nullable Object ownValue(ContextVar<?> var) {
    @Nullable Object[] slots = latestSlots;
    int shape = latestShape;
    if (slots == null) {
      slots = initialSlots;
      shape = initialShape;
    }
    // The common case, a context that holds a few variables, skips the map.
    int i = VarMap.flatIndex(var.hash, shape, slots);
    if (slots[i] == var) {
      return slots[i + 1];
    }
    return VarMap.isLarge(slots) ? ownBindings().get(var, var.hash) : VarMap.ABSENT;
  }

  /**
   * A new context with the current bindings, for code running in this context: it takes their
   * table from this context's fields instead of asking the map.
   */
  Context ownCopy() {
    VarMap bindings = latest;
    @Nullable Object[] slots = latestSlots;
    int shape = latestShape;
    if (bindings == null) {
      bindings = initial;
      slots = initialSlots;
      shape = initialShape;
    }
    return new Context(bindings, slots, shape);
  }

  /** Replaces the bindings; only code running in this context calls it. */
  void publish(VarMap changed) {
    latest = changed;
    latestSlots = changed.flatSlots();
    latestShape = changed.flatShape();
  }

  /** Ends ownership taken by {@link #run}, {@link #call} or {@link #supply}. */
  void release() {
    // A release store: the next owner's CAS still sees every write made here, without a fence.
    OWNER.lazySet(this, 0);
  }

  /**
   * A new context with the same bindings as the calling thread's current context: Python's {@code
   * copy_context()}. Takes constant time; later changes to either context are invisible to the
   * other.
   */
  public static Context copyCurrent() {
    return ThreadState.get().current.ownCopy();
  }

  /** A new context with the same bindings as this one, in constant time. */
  public Context copy() {
    return holding(bindings());
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
    return holding(bindings().put(var, var.hash, value));
  }

  /**
   * Runs {@code action} with this context as the current one, then restores the previous context,
   * also when {@code action} throws.
   *
   * @throws IllegalStateException if this context is already running on any thread (nothing runs);
   *     or if, when {@code action} returns, this context is no longer the current one because a
   *     scope (see {@link ContextSwitch}) opened inside it was not closed. Such scopes are closed
   *     with it, the thread gets back the context that was current before this call, and the
   *     {@link LeakCheck} listener is told. When {@code action} threw, its exception propagates
   *     with this one attached as suppressed.
   */
  public void run(Runnable action) {
    Objects.requireNonNull(action, "action must not be null");
    ThreadState state = ThreadState.get();
    int frame = enter(state);
    try {
      action.run();
    } catch (Throwable t) {
      exitAfter(t, state, frame, true);
      throw t;
    }
    exit(state, frame, true);
  }

  /**
   * Calls {@code action} in this context, like {@link #run}, and returns its result. Exceptions
   * from {@code action} propagate unchanged.
   *
   * @throws IllegalStateException as {@link #run} does
   */
  public <R extends @Nullable Object> R call(Callable<R> action) throws Exception {
    Objects.requireNonNull(action, "action must not be null");
    ThreadState state = ThreadState.get();
    int frame = enter(state);
    R result;
    try {
      result = action.call();
    } catch (Throwable t) {
      exitAfter(t, state, frame, true);
      throw t;
    }
    exit(state, frame, true);
    return result;
  }

  /**
   * Gets a result from {@code action} in this context, like {@link #run}.
   *
   * @throws IllegalStateException as {@link #run} does
   */
  public <R extends @Nullable Object> R supply(Supplier<R> action) {
    Objects.requireNonNull(action, "action must not be null");
    ThreadState state = ThreadState.get();
    int frame = enter(state);
    R result;
    try {
      result = action.get();
    } catch (Throwable t) {
      exitAfter(t, state, frame, true);
      throw t;
    }
    exit(state, frame, true);
    return result;
  }

  private int enter(ThreadState state) {
    int me = EntryRefusal.ownerMark(Thread.currentThread());
    if (!OWNER.compareAndSet(this, 0, me)) {
      throw EntryRefusal.alreadyEntered(this, state, owner);
    }
    return state.push(this, true);
  }

  /*
   * Leaving a frame. The fast path is a few field reads and writes; the mismatch handling lives in
   * exitSlowly, which is never run in a healthy program, so that the JIT does not compile it into
   * run, supply and the wrapped tasks, which keeps their compiled code small enough to inline in
   * more callers. The exit after a failure is a separate call for the same reason: one inlined exit
   * path, not two.
   */

  /** Leaves frame {@code frame}, entered by {@code run} ({@code ownedByRun}) or a wrapped task. */
  private void exit(ThreadState state, int frame, boolean ownedByRun) {
    if (!state.popIfNewest(frame, this)) {
      exitSlowly(state, frame, null, ownedByRun);
    }
  }

  /** Like {@link #exit}, when the action threw {@code failure}: a mismatch is attached to it. */
  private void exitAfter(Throwable failure, ThreadState state, int frame, boolean ownedByRun) {
    if (!state.popIfNewest(frame, this)) {
      exitSlowly(state, frame, failure, ownedByRun);
    }
  }

  private void exitSlowly(
      ThreadState state, int frame, @Nullable Throwable failure, boolean ownedByRun) {
    IllegalStateException mismatch =
        ContextExits.unwind(state, frame, this, ownedByRun, ownedByRun ? "run" : "task");
    if (mismatch == null) {
      return;
    }
    if (failure == null) {
      throw mismatch;
    }
    failure.addSuppressed(mismatch);
  }

  /**
   * The value of {@code var} in this context.
   *
   * @throws NoSuchElementException if {@code var} is not bound here (its default does not count)
   */
  @SuppressWarnings("unchecked")
  public <T extends @Nullable Object> T get(ContextVar<T> var) {
    Objects.requireNonNull(var, "var must not be null");
    Object value = bindings().get(var, var.hash);
    if (value == VarMap.ABSENT) {
      throw new NoSuchElementException(var.describe() + " is not bound in " + describe());
    }
    return (T) value;
  }

  /** The value of {@code var} in this context, or {@code fallback} when it is not bound here. */
  @SuppressWarnings("unchecked")
  public <T extends @Nullable Object> T getOrDefault(ContextVar<T> var, T fallback) {
    Objects.requireNonNull(var, "var must not be null");
    Object value = bindings().get(var, var.hash);
    return value == VarMap.ABSENT ? fallback : (T) value;
  }

  /** Whether {@code var} is bound in this context. A default value is not a binding. */
  public boolean contains(ContextVar<?> var) {
    Objects.requireNonNull(var, "var must not be null");
    return bindings().get(var, var.hash) != VarMap.ABSENT;
  }

  /** The number of variables bound in this context. */
  public int size() {
    return bindings().size();
  }

  /** Whether no variable is bound in this context. */
  public boolean isEmpty() {
    return bindings().size() == 0;
  }

  /** The variables bound in this context now, as an immutable snapshot. */
  public Set<ContextVar<?>> vars() {
    Set<ContextVar<?>> vars = new LinkedHashSet<>();
    bindings().forEach((key, value) -> vars.add((ContextVar<?>) key));
    return Collections.unmodifiableSet(vars);
  }

  /** The bindings of this context now, as an immutable snapshot. Values may be null. */
  public Map<ContextVar<?>, @Nullable Object> toMap() {
    Map<ContextVar<?>, @Nullable Object> bindings = new LinkedHashMap<>();
    bindings().forEach((key, value) -> bindings.put((ContextVar<?>) key, value));
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
    return (Runnable & ContextBound) () -> copy().runUnshared(task);
  }

  /** Like {@link #wrap(Runnable)}, for a task with a result. */
  public <V extends @Nullable Object> Callable<V> wrap(Callable<V> task) {
    Objects.requireNonNull(task, "task must not be null");
    if (LeakTracker.ENABLED) {
      return LeakTracker.checked(this, task);
    }
    return (Callable<V> & ContextBound) () -> copy().callUnshared(task);
  }

  /**
   * {@code copyCurrent().wrap(task)} without the snapshot object: the task holds the bindings
   * current now, and runs in a new context holding them each time it runs. What executors capture
   * at submission: one object per task instead of two.
   */
  static Runnable wrapCurrent(Runnable task) {
    Objects.requireNonNull(task, "task must not be null");
    if (LeakTracker.ENABLED) {
      return LeakTracker.checked(copyCurrent(), task);
    }
    return new RunsInCopy(ThreadState.get().current.ownBindings(), task);
  }

  /** Like {@link #wrapCurrent(Runnable)}, for a task with a result. */
  static <V extends @Nullable Object> Callable<V> wrapCurrent(Callable<V> task) {
    Objects.requireNonNull(task, "task must not be null");
    if (LeakTracker.ENABLED) {
      return LeakTracker.checked(copyCurrent(), task);
    }
    return new CallsInCopy<>(ThreadState.get().current.ownBindings(), task);
  }

  private static final class RunsInCopy implements Runnable, ContextBound {
    private final VarMap bindings;
    private final Runnable task;

    RunsInCopy(VarMap bindings, Runnable task) {
      this.bindings = bindings;
      this.task = task;
    }

    @Override
    public void run() {
      holding(bindings).runUnshared(task);
    }
  }

  private static final class CallsInCopy<V extends @Nullable Object>
      implements Callable<V>, ContextBound {
    private final VarMap bindings;
    private final Callable<V> task;

    CallsInCopy(VarMap bindings, Callable<V> task) {
      this.bindings = bindings;
      this.task = task;
    }

    @Override
    public V call() throws Exception {
      return holding(bindings).callUnshared(task);
    }
  }

  /*
   * Entering a copy that no other code can reach needs no entered-check: nothing else can enter it,
   * and tokens made in it never give it away. Skipping the check saves a CAS per wrapped task. The
   * exit is checked all the same.
   */

  void runUnshared(Runnable action) {
    ThreadState state = ThreadState.get();
    int frame = state.push(this, false);
    try {
      action.run();
    } catch (Throwable t) {
      exitAfter(t, state, frame, false);
      throw t;
    }
    exit(state, frame, false);
  }

  <V extends @Nullable Object> V callUnshared(Callable<V> action) throws Exception {
    ThreadState state = ThreadState.get();
    int frame = state.push(this, false);
    V result;
    try {
      result = action.call();
    } catch (Throwable t) {
      exitAfter(t, state, frame, false);
      throw t;
    }
    exit(state, frame, false);
    return result;
  }

  /**
   * Two contexts are equal when they bind the same variables to equal values.
   *
   * @throws IllegalStateException if a value's {@code equals} throws; the message names the
   *     variable, the exception is the cause
   */
  @Override
  public boolean equals(@Nullable Object obj) {
    if (obj == this) {
      return true;
    }
    if (!(obj instanceof Context)) {
      return false;
    }
    Context that = (Context) obj;
    VarMap mine = bindings();
    VarMap theirs = that.bindings();
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
            ContextVar<?> var = (ContextVar<?>) key;
            Object other = theirs.get(key, var.hash);
            equal[0] = other != VarMap.ABSENT && valuesEqual(var, value, other, that);
          }
        });
    return equal[0];
  }

  private boolean valuesEqual(
      ContextVar<?> var, @Nullable Object value, @Nullable Object other, Context that) {
    try {
      return Objects.equals(value, other);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot compare "
              + describe()
              + " with "
              + that.describe()
              + ": equals of the value of "
              + var.describe()
              + " threw",
          e);
    }
  }

  /**
   * A hash of the bindings, consistent with {@link #equals}.
   *
   * @throws IllegalStateException if a value's {@code hashCode} throws; the message names the
   *     variable, the exception is the cause
   */
  @Override
  public int hashCode() {
    int[] sum = {0};
    bindings()
        .forEach(
            (key, value) -> {
              int valueHash;
              try {
                valueHash = Objects.hashCode(value);
              } catch (RuntimeException e) {
                throw new IllegalStateException(
                    "cannot hash "
                        + describe()
                        + ": hashCode of the value of "
                        + ((ContextVar<?>) key).describe()
                        + " threw",
                    e);
              }
              sum[0] += key.hashCode() ^ valueHash;
            });
    return sum[0];
  }

  /**
   * Lists the bindings as {@code Context{name=value, ...}}, for debugging: values may be private,
   * so exception messages never use it. A value whose {@code toString} throws is shown as {@code
   * <toString threw ExceptionClass>}.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("Context{");
    bindings()
        .forEach(
            (key, value) -> {
              if (out.length() > "Context{".length()) {
                out.append(", ");
              }
              out.append(((ContextVar<?>) key).name()).append('=');
              try {
                out.append(value);
              } catch (RuntimeException e) {
                out.append("<toString threw ").append(e.getClass().getName()).append('>');
              }
            });
    return out.append('}').toString();
  }

  /** Identifies this context in error messages: identity plus the names of its variables. */
  String describe() {
    StringBuilder out =
        new StringBuilder("Context@").append(Integer.toHexString(System.identityHashCode(this)));
    out.append('[');
    int start = out.length();
    bindings().forEach(
        (key, value) -> {
          if (out.length() > start) {
            out.append(", ");
          }
          out.append(((ContextVar<?>) key).name());
        });
    return out.append(']').toString();
  }
}
