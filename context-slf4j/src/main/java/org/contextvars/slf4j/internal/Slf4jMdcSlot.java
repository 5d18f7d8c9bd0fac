package org.contextvars.slf4j.internal;

import java.lang.reflect.Method;
import org.slf4j.MDC;
import org.slf4j.spi.MDCAdapter;

/**
 * The adapter behind SLF4J's static {@link MDC} facade. SLF4J 2.0.17 has a setter for it, but only
 * package-private, so it is reached by reflection.
 */
public final class Slf4jMdcSlot {
  private Slf4jMdcSlot() {}

  public static MDCAdapter current() {
    return MDC.getMDCAdapter();
  }

  public static void replace(MDCAdapter adapter) {
    try {
      Method setter = MDC.class.getDeclaredMethod("setMDCAdapter", MDCAdapter.class);
      setter.setAccessible(true);
      setter.invoke(null, adapter);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(
          "org.slf4j.MDC has no setMDCAdapter(MDCAdapter): SLF4J 2.0.17 or later is needed", e);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot replace the adapter behind org.slf4j.MDC; on the module path add "
              + "--add-opens org.slf4j/org.slf4j=org.contextvars.slf4j",
          e);
    }
  }
}
