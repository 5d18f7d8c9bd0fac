package org.contextvars.benchmarks;

import java.util.Objects;
import org.contextvars.Context;
import org.contextvars.ContextSwitch;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.State;

/**
 * {@link BoundOnThread}'s values, read from a copy of the thread's context made current for the
 * trial: where code reads values in a wrapped task or a coroutine, whose context is a copy that
 * nothing has been set in.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class BoundInCopy extends BoundOnThread {

  private @Nullable Context copy;

  // Overrides, not helper methods of their own: JMH does not order a subclass's helper methods
  // after its superclass's.

  @Override
  public void bind() {
    super.bind();
    copy = Context.copyCurrent();
    ContextSwitch.enter(copy);
  }

  @Override
  public void unbind() {
    ContextSwitch.leave(Objects.requireNonNull(copy));
    super.unbind();
  }
}
