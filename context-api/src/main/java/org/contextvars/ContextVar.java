package org.contextvars;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.contextvars.internal.VarMap;
import org.jspecify.annotations.Nullable;

/**
 * A variable whose value depends on the current {@link Context}: Python's {@code
 * contextvars.ContextVar}.
 *
 * <p>Declare variables once, as constants, and read them anywhere below the code that set them:
 *
 * <pre>{@code
 * static final ContextVar<String> TENANT = ContextVar.of("tenant", "public");
 *
 * void handle(Request request) {
 *   try (Token<String> token = TENANT.set(request.tenant())) {
 *     repository.load();          // reads TENANT.get() without a parameter
 *   }                             // TENANT is back to what it was
 * }
 * }</pre>
 *
 * <p>Each thread, each task run through {@link ContextExecutors}, and each coroutine carrying the
 * Kotlin context element has its own current context, so concurrent units of work never see each
 * other's values.
 *
 * <p>Cautions:
 *
 * <ul>
 *   <li>Create variables once, at class-initialisation time. Each call to {@code of} creates a new,
 *       distinct variable even when the name is the same, and a context keeps every variable that is
 *       bound in it reachable.
 *   <li>{@code set} outside any {@link Context#run} writes the thread's own base context, which
 *       outlives the task on a pooled thread: always reset through the returned {@link Token},
 *       preferably with try-with-resources.
 * </ul>
 *
 * <p>Thread-safety: all methods may be called from any thread; they act on the calling thread's
 * current context.
 *
 * @param <T> the type of the value; use a {@code @Nullable} type argument to allow null values
 */
public final class ContextVar<T extends @Nullable Object> {

  /**
   * Hashes are a sequence number times an odd constant (2^32 divided by the golden ratio): distinct
   * for 2^32 variables, and the 5-bit chunks the trie branches on are evenly spread.
   */
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private static final int GOLDEN_GAMMA = 0x9E3779B9;

  private final String name;
  private final boolean hasDefault;
  private final @Nullable T defaultValue;
  final int hash;

  private ContextVar(String name, boolean hasDefault, @Nullable T defaultValue) {
    this.name = Objects.requireNonNull(name, "name must not be null");
    this.hasDefault = hasDefault;
    this.defaultValue = defaultValue;
    this.hash = SEQUENCE.incrementAndGet() * GOLDEN_GAMMA;
  }

  /** A new variable with no default value: {@link #get()} throws until it is set. */
  public static <T extends @Nullable Object> ContextVar<T> of(String name) {
    return new ContextVar<>(name, false, null);
  }

  /** A new variable whose {@link #get()} returns {@code defaultValue} until it is set. */
  public static <T extends @Nullable Object> ContextVar<T> of(String name, T defaultValue) {
    return new ContextVar<>(name, true, defaultValue);
  }

  /** The name given at creation; for diagnostics only, not unique. */
  public String name() {
    return name;
  }

  /**
   * The value in the current context, else this variable's default.
   *
   * @throws NoSuchElementException if the variable is not bound and has no default
   */
  @SuppressWarnings("unchecked")
  public T get() {
    Context current = ThreadState.get().current;
    @Nullable Object[] slots = current.latestSlots;
    int shape = current.latestShape;
    if (slots == null) {
      // Nothing set in this context yet: a task's or a coroutine's copy.
      slots = current.initialSlots;
      shape = current.initialShape;
    }
    // The common case, a context that holds a few variables: looking the slot up here instead of
    // through ownValue and its absence marker measured 6 % faster. A miss in the table is final,
    // for the table is the whole map, unless the map is large.
    int i = VarMap.flatIndex(hash, shape, slots);
    if (slots[i] == this) {
      return (T) slots[i + 1];
    }
    if (VarMap.isLarge(slots)) {
      Object value = current.ownBindings().get(this, hash);
      if (value != VarMap.ABSENT) {
        return (T) value;
      }
    }
    if (hasDefault) {
      return defaultValue;
    }
    throw new NoSuchElementException(
        describe() + " has no value in the current context and no default value");
  }

  /**
   * The value in the current context, else {@code other}. This variable's own default is not
   * consulted, as with Python's {@code var.get(other)}.
   */
  @SuppressWarnings("unchecked")
  public T orElse(T other) {
    Object value = ThreadState.get().current.ownValue(this);
    return value != VarMap.ABSENT ? (T) value : other;
  }

  /** Whether the current context holds a value for this variable. A default does not count. */
  public boolean isBound() {
    return ThreadState.get().current.ownValue(this) != VarMap.ABSENT;
  }

  /**
   * Binds this variable to {@code value} in the current context and returns a token that can
   * restore the previous state with {@link #reset} or {@link Token#close()}.
   */
  public Token<T> set(T value) {
    Context context = ThreadState.get().current;
    VarMap before = context.ownBindings();
    VarMap after = before.put(this, hash, value);
    context.publish(after);
    Token<T> token = new Token<>(this, context, before, after);
    if (LeakTracker.ENABLED) {
      LeakTracker.recordSet(token, context);
    }
    return token;
  }

  /**
   * Restores the state this variable had before the {@link #set} that returned {@code token}: its
   * previous value, or no binding at all. Changes made in between are overwritten, not checked.
   *
   * @throws NullPointerException if {@code token} is null
   * @throws IllegalStateException if the token was already used
   * @throws IllegalArgumentException if the token was created by another variable, or in a context
   *     other than the current one
   */
  public void reset(Token<T> token) {
    Objects.requireNonNull(token, "token must not be null");
    if (token.isUsed()) {
      throw new IllegalStateException(
          "the token of " + token.var().describe() + " has already been used once");
    }
    if (token.var() != this) {
      throw new IllegalArgumentException(
          "the token was created by "
              + token.var().describe()
              + ", not by "
              + describe());
    }
    Context current = ThreadState.get().current;
    if (token.context != current) {
      throw new IllegalArgumentException(
          "the token of "
              + describe()
              + " was created in a different context: "
              + token.context.describe()
              + ", while the current context is "
              + current.describe());
    }
    token.markUsed();
    VarMap map = current.ownBindings();
    if (map == token.after) {
      // Nothing changed since the set: its "before" bindings are exactly the result. No allocation.
      current.publish(token.before);
      return;
    }
    Object old = token.rawOldValue();
    current.publish(old == VarMap.ABSENT ? map.remove(this, hash) : map.put(this, hash, old));
  }

  /** Identity: two variables are equal only when they are the same object. */
  @Override
  public boolean equals(@Nullable Object obj) {
    return this == obj;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /**
   * {@code ContextVar(name)}, or {@code ContextVar(name, default=value)}. Exception messages never
   * use it: they name the variable without its default, which may be private.
   */
  @Override
  public String toString() {
    if (!hasDefault) {
      return "ContextVar(" + name + ")";
    }
    String shown;
    try {
      shown = String.valueOf(defaultValue);
    } catch (RuntimeException e) {
      shown = "<toString threw " + e.getClass().getName() + ">";
    }
    return "ContextVar(" + name + ", default=" + shown + ")";
  }

  /** Names this variable in messages: never with its default value. */
  String describe() {
    return "ContextVar(" + name + ")";
  }
}
