package org.contextvars.slf4j;

import org.contextvars.testing.Stress;
import org.junit.jupiter.api.Timeout;

/**
 * A time limit for every test. The shared clean-thread check (registered for every test) makes each
 * test leave the test thread with an empty context and an empty MDC ({@link MdcLeftovers}).
 */
@Timeout(120)
abstract class ContextTestBase {
  static final boolean STRESS = Stress.ENABLED;
}
