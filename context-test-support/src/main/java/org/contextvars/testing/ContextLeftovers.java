package org.contextvars.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * The core's own leftovers: bindings in the thread's current context, and frames (runs, wrapped
 * tasks, bridge scopes) still open. Reached by reflection, since the core's tests use this module
 * and the per-thread state is package-private.
 */
final class ContextLeftovers implements ThreadLeftovers {

  private final Method stateOfThisThread;
  private final Field current;
  private final Field depth;
  private final Method discardAll;
  private final Method toMap;

  ContextLeftovers() {
    try {
      Class<?> state = Class.forName("org.contextvars.ThreadState");
      stateOfThisThread = accessible(state.getDeclaredMethod("get"));
      current = accessible(state.getDeclaredField("current"));
      depth = accessible(state.getDeclaredField("depth"));
      discardAll = accessible(state.getDeclaredMethod("discardAll"));
      toMap = Class.forName("org.contextvars.Context").getMethod("toMap");
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the core's per-thread state changed shape", e);
    }
  }

  private static <T extends java.lang.reflect.AccessibleObject> T accessible(T member) {
    member.setAccessible(true);
    return member;
  }

  @Override
  public String describe() {
    try {
      Object state = stateOfThisThread.invoke(null);
      Object bindings = toMap.invoke(current.get(state));
      int open = depth.getInt(state);
      String found = ((java.util.Map<?, ?>) bindings).isEmpty() ? "" : "bindings " + bindings;
      if (open > 0) {
        found += (found.isEmpty() ? "" : ", ") + open + " open frame(s)";
      }
      return found;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void clear() {
    try {
      discardAll.invoke(stateOfThisThread.invoke(null));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
