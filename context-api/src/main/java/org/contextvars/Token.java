package org.contextvars;

import java.util.NoSuchElementException;
import org.contextvars.internal.VarMap;
import org.jspecify.annotations.Nullable;

/**
 * The receipt for one {@link ContextVar#set}: it remembers the variable, the value the variable had
 * before (or that it had none) and the context the set happened in, so the variable can be put
 * back exactly once.
 *
 * <pre>{@code
 * try (Token<Locale> token = LOCALE.set(Locale.FRENCH)) {
 *   render();
 * } // LOCALE.reset(token): Locale is what it was before, or unbound again
 * }</pre>
 *
 * <p>Cautions:
 *
 * <ul>
 *   <li>A token is used once; a second reset throws {@link IllegalStateException}.
 *   <li>It must be reset in the context where it was created: on the same thread and inside the
 *       same {@link Context#run}, or in the same coroutine.
 *   <li>A token keeps the bindings its context had before the set reachable, so that an undisturbed
 *       reset is a single store: drop tokens when their scope ends rather than keeping them.
 * </ul>
 *
 * @param <T> the variable's value type
 */
public final class Token<T extends @Nullable Object> implements AutoCloseable {

  private final ContextVar<T> var;
  final Context context;

  /** The context's bindings just before the set: they hold the old value, or its absence. */
  final VarMap before;

  /** The bindings the set produced: while the context still has them, reset is one store. */
  final VarMap after;

  /**
   * Plain, not volatile: a token is only used by code running in its context, and a context passes
   * between threads only through {@link Context#run}'s entry and exit, which order the accesses.
   */
  private boolean used;

  Token(ContextVar<T> var, Context context, VarMap before, VarMap after) {
    this.var = var;
    this.context = context;
    this.before = before;
    this.after = after;
  }

  /** The previous value, or {@link VarMap#ABSENT} when the variable was not bound. */
  @Nullable Object rawOldValue() {
    return before.get(var, var.hash);
  }

  /** The variable whose {@code set} created this token. */
  public ContextVar<T> var() {
    return var;
  }

  /**
   * Whether the variable had a value before the set. {@code false} is Python's {@code
   * Token.MISSING}: resetting then removes the binding.
   */
  public boolean hasOldValue() {
    return rawOldValue() != VarMap.ABSENT;
  }

  /**
   * The value the variable had before the set.
   *
   * @throws NoSuchElementException if it had none; see {@link #hasOldValue()}
   */
  @SuppressWarnings("unchecked")
  public T oldValue() {
    Object rawOldValue = rawOldValue();
    if (rawOldValue == VarMap.ABSENT) {
      throw new NoSuchElementException(
          var.describe() + " had no value before this token's set(); check hasOldValue() first");
    }
    return (T) rawOldValue;
  }

  /** Whether this token has already reset its variable. */
  public boolean isUsed() {
    return used;
  }

  void markUsed() {
    used = true;
  }

  /** Same as {@code var().reset(this)}; lets try-with-resources restore the variable. */
  @Override
  public void close() {
    var.reset(this);
  }

  /** Names the variable and tells whether it had an old value; never shows a value. */
  @Override
  public String toString() {
    return "Token("
        + var.describe()
        + (hasOldValue() ? ", had an old value" : ", no old value")
        + (used ? ", used" : "")
        + ")";
  }
}
