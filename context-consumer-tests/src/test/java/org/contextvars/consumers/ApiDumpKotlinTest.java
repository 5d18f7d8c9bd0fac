package org.contextvars.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.contextvars.consumers.apifixture.Widget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API dump of Kotlin classes (src/test/kotlin/.../apifixture) leaves out what Kotlin's
 * {@code internal} hides, though the JVM sees it as public, and keeps {@code @PublishedApi}.
 */
class ApiDumpKotlinTest {
  private static final String WIDGET = "org/contextvars/consumers/apifixture/Widget";

  private static String dump;

  @BeforeAll
  static void dumpTheFixture(@TempDir Path directory) throws Exception {
    Path classes = Path.of(Widget.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path jar = directory.resolve("fixture.jar");
    String packagePath = "org/contextvars/consumers/apifixture/";
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.list(classes.resolve(packagePath))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        out.putNextEntry(new JarEntry(packagePath + file.getFileName()));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
    }
    dump = ApiDump.of(jar);
  }

  @Test
  void publicKotlinDeclarationsAreListed() {
    assertThat(dump)
        .contains("public final class " + WIDGET + " {")
        .contains("public fun <init> ()V")
        .contains("public final fun getShown ()Ljava/lang/String;")
        .contains("public final fun getCounter ()I")
        .contains("public final fun visible ()I")
        .contains("public final fun inlined (Lkotlin/jvm/functions/Function1;)I")
        .contains("public static final fun topLevelVisible ()I");
  }

  @Test
  void internalDeclarationsAreLeftOutThoughTheJvmSeesThemAsPublic() {
    assertThat(dump)
        .doesNotContain("hidden$")
        .doesNotContain("getSecret")
        .doesNotContain("<init> (Ljava/lang/String;)V")
        .doesNotContain("setCounter")
        .doesNotContain("internalField")
        .doesNotContain("HiddenWidget")
        .doesNotContain("NestedInHidden")
        .doesNotContain("topLevelHidden");
  }

  @Test
  void publishedApiDeclarationsAreListedBecauseInlineFunctionsCallThem() {
    assertThat(dump)
        .contains("public final fun published ()I")
        .contains("public final fun getPublishedProperty ()I")
        .contains("public final class org/contextvars/consumers/apifixture/PublishedWidget {")
        .contains("public final fun reachable ()I");
  }

  @Test
  void withoutKotlinMetadataTheInternalMembersWouldBeListed() throws Exception {
    // The fixture really compiles to public JVM members: the filter above is what removes them.
    assertThat(Widget.class.getMethods())
        .anySatisfy(method -> assertThat(method.getName()).startsWith("hidden$"));
    assertThat(Widget.class.getField("internalField")).isNotNull();
    assertThat(Widget.class.getConstructor(String.class)).isNotNull();
  }
}
