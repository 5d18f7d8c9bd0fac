package org.contextvars.log4j2;

import java.util.Collections;
import java.util.Map;
import org.apache.logging.log4j.core.util.ContextDataProvider;
import org.apache.logging.log4j.util.StringMap;
import org.contextvars.log4j2.internal.Exposure;
import org.jspecify.annotations.Nullable;

/**
 * Log4j 2's {@link ContextDataProvider} for the variables chosen with {@link
 * ContextVarContextData#install}: Log4j asks it for context data each time it creates an event, on the
 * logging thread, and it answers with the bindings of the context current at that moment.
 *
 * <p>Log4j finds it through {@code ServiceLoader} ({@code META-INF/services}); applications do not
 * call it. Until {@code install} is called, and after the installation is closed, it supplies
 * nothing.
 *
 * <pre>{@code
 * ContextVarContextData.install(REQUEST_ID);   // this provider now supplies requestId
 * }</pre>
 *
 * <p>Cautions:
 * <ul>
 *   <li>Where OSGi or a custom class loader hides {@code META-INF/services} from Log4j, add an
 *       instance to {@code ThreadContextDataInjector.contextDataProviders} before Log4j starts.
 *   <li>It keeps no per-thread state: every answer is a new, frozen map (or a shared empty one).
 * </ul>
 *
 * <p>Thread-safety: stateless and safe to call from any thread.
 */
public final class ContextVarDataProvider implements ContextDataProvider {

  /** Called by {@code ServiceLoader}. */
  public ContextVarDataProvider() {}

  @Override
  public Map<String, String> supplyContextData() {
    Exposure exposure = Exposure.active();
    // Not Map.of(): Android has it only from API 30.
    return exposure == null ? Collections.emptyMap() : exposure.read();
  }

  @Override
  public StringMap supplyStringMap() {
    Exposure exposure = Exposure.active();
    return exposure == null ? Exposure.emptyStringMap() : exposure.readStringMap();
  }

  @Override
  public @Nullable Object getValue(String key) {
    Exposure exposure = Exposure.active();
    return exposure == null ? null : exposure.read(key);
  }

  @Override
  public String toString() {
    Exposure exposure = Exposure.active();
    return "ContextVarDataProvider" + (exposure == null ? "[]" : exposure.toString());
  }
}
