package org.contextvars.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The clean-thread check every module's tests share, registered through JUnit's extension
 * auto-detection ({@code junit.jupiter.extensions.autodetection.enabled=true}): a test must start
 * and end on a thread that holds nothing (no binding in its current context, no open frame,
 * nothing any registered {@link ThreadLeftovers} finds), and no context may be left out of order
 * anywhere while it runs unless the test listens for that itself.
 *
 * <p>What a leaking test left is cleared before it fails, so it fails alone instead of every test
 * after it.
 */
public final class CleanThread implements BeforeEachCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CleanThread.class);

  @Override
  public void beforeEach(ExtensionContext extension) {
    String held = Leftovers.onThisThread();
    if (!held.isEmpty()) {
      Leftovers.clearThisThread();
      throw new AssertionError("the test thread held " + held + " before the test");
    }
    MismatchRecorder recorder = new MismatchRecorder();
    recorder.install();
    extension.getStore(NAMESPACE).put(MismatchRecorder.class, recorder);
  }

  @Override
  public void afterEach(ExtensionContext extension) {
    MismatchRecorder recorder =
        extension.getStore(NAMESPACE).remove(MismatchRecorder.class, MismatchRecorder.class);
    if (recorder != null) {
      recorder.uninstall();
    }
    String held = Leftovers.onThisThread();
    if (!held.isEmpty()) {
      Leftovers.clearThisThread();
      throw new AssertionError("the test left " + held + " on " + Thread.currentThread().getName());
    }
    if (recorder != null && !recorder.mismatches.isEmpty()) {
      throw new AssertionError("contexts were left out of order: " + recorder.mismatches);
    }
  }

  /**
   * Listens to the core's {@code LeakCheck} for {@code MISMATCHED_EXIT} findings while a test runs,
   * through a proxy of the listener interface (this module cannot depend on the core), and passes
   * every finding on to the listener it replaced.
   */
  private static final class MismatchRecorder implements InvocationHandler {
    final List<String> mismatches = new CopyOnWriteArrayList<>();
    private final Method setListener;
    private final Object proxy;
    private Object previous;

    MismatchRecorder() {
      try {
        Class<?> leakCheck = Class.forName("org.contextvars.LeakCheck");
        Class<?> listener = Class.forName("org.contextvars.LeakCheck$Listener");
        setListener = leakCheck.getMethod("setListener", listener);
        proxy =
            Proxy.newProxyInstance(listener.getClassLoader(), new Class<?>[] {listener}, this);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("the core's LeakCheck changed shape", e);
      }
    }

    void install() {
      previous = set(proxy);
    }

    void uninstall() {
      set(previous);
    }

    private Object set(Object listener) {
      try {
        return setListener.invoke(null, listener);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "onLeak":
          Object leak = args[0];
          Object kind = leak.getClass().getMethod("kind").invoke(leak);
          if ("MISMATCHED_EXIT".equals(String.valueOf(kind))) {
            mismatches.add(String.valueOf(leak.getClass().getMethod("message").invoke(leak)));
          }
          // Every finding still reaches the listener the test found in force.
          return method.invoke(previous, args);
        case "equals":
          return self == args[0];
        case "hashCode":
          return System.identityHashCode(self);
        default:
          return "CleanThread's mismatch recorder";
      }
    }
  }
}
