package org.contextvars.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The jcstress jar runs only the tests its annotation processor listed, and reports success when
 * it lists none: this makes an empty or partial list fail the build instead.
 */
class JcstressSuiteTest {

  @Test
  void everyJcstressTestIsListedForTheRunner() throws IOException {
    String list;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/TestList")) {
      assertThat(in).as("META-INF/TestList written by the jcstress annotation processor").isNotNull();
      list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(list)
        .contains(
            RacyPublicationOfWithTest.class.getName(),
            RacyPublicationOfCopyTest.class.getName(),
            RacyPublicationOfCopyCurrentTest.class.getName(),
            RacyPublicationOfEmptyTest.class.getName(),
            EnteredContextReadOrderTest.class.getName(),
            EnteredContextSnapshotTest.class.getName(),
            EnterContentionTest.class.getName(),
            EnterHandoffTest.class.getName());
  }
}
