package org.contextvars.micrometer;

import org.contextvars.micrometer.internal.ScopeStack;
import org.contextvars.testing.ThreadLeftovers;

/** Micrometer scopes of the accessor still open on a thread. */
public final class OpenScopeLeftovers implements ThreadLeftovers {

  @Override
  public String describe() {
    int open = ScopeStack.get().depth();
    return open == 0 ? "" : open + " open Micrometer scope(s)";
  }

  /** Nothing to do: the core's own clean-up closes every frame, and the stack forgets them. */
  @Override
  public void clear() {}
}
