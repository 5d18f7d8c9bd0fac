package org.contextvars.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.contextvars.ContextVar;

/**
 * Whether this test JVM runs with the agent, and what a scenario must therefore observe.
 *
 * <p>Every scenario runs twice: with the agent, a value must arrive; without it, the very same
 * code must see nothing, which proves that the scenario would catch a broken agent.
 */
final class AgentMode {

  /** Set by the failsafe execution that started this JVM. */
  static final boolean ATTACHED = Boolean.parseBoolean(System.getProperty("contextvars.test.agent"));

  /** What a task reads when the submitter's value did not arrive. */
  static final String ABSENT = "<unbound>";

  static final ContextVar<String> REQUEST_ID = ContextVar.of("request_id");

  private AgentMode() {}

  /** What a task should read of {@code value}, bound by its submitter. */
  static String expected(String value) {
    return ATTACHED ? value : ABSENT;
  }

  /** The request id as the calling code sees it. */
  static String observed() {
    return REQUEST_ID.orElse(ABSENT);
  }

  /** Checks that the JVM really is in the mode the build says, so neither run passes vacuously. */
  static void assertModeIsReal() {
    boolean bridgeOnBootstrap;
    try {
      Class.forName("org.contextvars.agent.bootstrap.ContextCarrier", false, null);
      bridgeOnBootstrap = true;
    } catch (ClassNotFoundException notThere) {
      bridgeOnBootstrap = false;
    }
    assertThat(System.getProperty("contextvars.test.agent"))
        .as("contextvars.test.agent must be set by the build")
        .isIn("true", "false");
    assertThat(bridgeOnBootstrap).as("agent bridge on the bootstrap class path").isEqualTo(ATTACHED);
  }
}
