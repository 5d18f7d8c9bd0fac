package org.contextvars.examples.tasktree;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.contextvars.ContextExecutors;
import org.contextvars.examples.Printed;
import org.junit.jupiter.api.Test;
import org.contextvars.Context;
import org.contextvars.testing.PoolProbe;

class TaskTreeExampleTest {

  private static final Pattern LINE =
      Pattern.compile("(Task|Child|Grand Child) (\\S+) +id: ([0-9]{4}) {3}\\(thread (\\S+)\\)");

  /** One printed line: which task of which tree saw which id, on which thread. */
  private record Seen(String role, String tree, int id, String thread) {}

  @Test
  void everyLineOfATreeShowsItsRootsId() throws Exception {
    List<String> printed = Printed.by(new TaskTreeExample(new Random(42)));

    List<Seen> lines = parse(printed.subList(3, 12));
    Map<String, Integer> rootIds = assertTreesAgree(lines, List.of("A", "B", "C"));
    assertThat(new HashSet<>(rootIds.values())).as("with this seed the ids differ").hasSize(3);
    assertThat(printed.subList(12, printed.size()))
        .containsExactly("", "On the main thread the id is unset: each id stayed in its own tree.");
  }

  @Test
  void twoHundredTreesOnThreeSharedThreadsKeepTheirIdsAndLeaveTheThreadsEmpty() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(3);
    ExecutorService pool = ContextExecutors.wrap(threads);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> names = new ArrayList<>();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      TaskTreeExample example = new TaskTreeExample(new Random(7));
      List<CompletableFuture<Void>> trees = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        names.add("T" + i);
        trees.add(example.root("T" + i, pool, out));
      }
      CompletableFuture.allOf(trees.toArray(new CompletableFuture<?>[0])).get(1, TimeUnit.MINUTES);
      assertThat(PoolProbe.onEveryThread(threads, 3, Context::copyCurrent))
          .allSatisfy(left -> assertThat(left.toMap()).isEmpty());
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
    assertTreesAgree(parse(bytes.toString(StandardCharsets.UTF_8).lines().toList()), names);
  }

  private static List<Seen> parse(List<String> printed) {
    List<Seen> lines = new ArrayList<>();
    for (String line : printed) {
      Matcher parts = LINE.matcher(line);
      assertThat(parts.matches())
          .as("'%s' reads like 'Child A      id: 1234   (thread x)'", line)
          .isTrue();
      lines.add(
          new Seen(
              parts.group(1), parts.group(2), Integer.parseInt(parts.group(3)), parts.group(4)));
    }
    return lines;
  }

  /** Each tree has one line per role, and all of them show the id of the tree's root. */
  private static Map<String, Integer> assertTreesAgree(List<Seen> lines, List<String> trees) {
    Map<String, Integer> rootIds = new HashMap<>();
    for (Seen line : lines) {
      if (line.role().equals("Task")) {
        rootIds.put(line.tree(), line.id());
      }
    }
    assertThat(rootIds).containsOnlyKeys(trees);
    Map<String, List<String>> rolesByTree = new HashMap<>();
    for (Seen line : lines) {
      assertThat(line.id())
          .as("%s %s", line.role(), line.tree())
          .isEqualTo(rootIds.get(line.tree()));
      rolesByTree.computeIfAbsent(line.tree(), tree -> new ArrayList<>()).add(line.role());
    }
    assertThat(rolesByTree.values())
        .allSatisfy(roles -> assertThat(roles).containsExactly("Task", "Child", "Grand Child"));
    return rootIds;
  }
}
