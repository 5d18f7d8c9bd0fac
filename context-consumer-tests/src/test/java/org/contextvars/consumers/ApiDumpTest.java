package org.contextvars.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each library module's public API, read from its packaged jar, must equal its committed dump
 * {@code <module>/api/<module>.api}: an API change fails the build until the dump is updated in the
 * same commit. To update every dump after a deliberate change:
 *
 * <pre>
 * ./mvnw -B -q -pl context-consumer-tests -am verify -Dapi.update=true -Dtest=ApiDumpTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class ApiDumpTest {
  static final String UPDATE_COMMAND =
      "./mvnw -B -q -pl context-consumer-tests -am verify -Dapi.update=true -Dtest=ApiDumpTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "context-api", "context-kotlin", "context-slf4j", "context-micrometer",
        "context-opentelemetry", "context-log4j2", "context-spring", "context-ktor"
      })
  void thePublicApiMatchesTheCommittedDump(String module) throws Exception {
    String actual = ApiDump.of(PackagedJars.jar(module));
    Path dump = Path.of("..", module, "api", module + ".api");

    if (Boolean.getBoolean("api.update")) {
      Files.createDirectories(dump.getParent());
      Files.writeString(dump, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(dump).as("the committed API dump; create it with: " + UPDATE_COMMAND).exists();
    assertThat(actual)
        .as(
            "the public API of %s differs from %s; if the change is deliberate, update the dump"
                + " with:%n%s%nand commit it with the change",
            module, dump, UPDATE_COMMAND)
        .isEqualTo(Files.readString(dump, StandardCharsets.UTF_8));
  }
}
