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
 *   <li>It must be reset while the context where it was created is current: in the same {@link
 *       Context#run}, a later run of that context (on any thread, as in Python), the same
 *       coroutine, or the same thread's own context outside any run.
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
   * Plain, not volatile: only a reset in the token's context writes it, that context is current on
   * one thread at a time, and every hand-over of a context between threads (the end and start of
   * a {@code run}, an executor or coroutine dispatch) orders the accesses. {@link #isUsed} called
   * from an unrelated thread may see an older answer.
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
