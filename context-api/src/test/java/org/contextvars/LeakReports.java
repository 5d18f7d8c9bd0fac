package org.contextvars;

import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The reports the {@link LeakCheck} listener receives during one test, in order: installed as the
 * listener before each test and the previous listener put back after it.
 *
 * <pre>{@code
 * @RegisterExtension final LeakReports reports = new LeakReports();
 * ...
 * assertThat(reports).singleElement().extracting(ContextLeak::kind).isEqualTo(MISMATCHED_EXIT);
 * }</pre>
 */
final class LeakReports extends CopyOnWriteArrayList<ContextLeak>
    implements BeforeEachCallback, AfterEachCallback {

  private static final long serialVersionUID = 1L;

  private transient LeakCheck.Listener previous;

  @Override
  public void beforeEach(ExtensionContext context) {
    clear();
    previous = LeakCheck.setListener(this::add);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    LeakCheck.setListener(previous);
  }
}
