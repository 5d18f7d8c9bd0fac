package org.contextvars.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.contextvars.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CollisionNodeTest {

  private static final int HASH = 0xDEADBEEF;

  private final TestKey a = new TestKey("a", HASH);
  private final TestKey b = new TestKey("b", HASH);
  private final TestKey c = new TestKey("c", HASH);
  private final CollisionNode ab = new CollisionNode(HASH, new Object[] {a, "A", b, null});

  @AfterEach
  void threadIsBackToAnEmptyContext() {
    assertThat(Context.copyCurrent().isEmpty()).isTrue();
  }

  @Test
  void findsKeysByIdentity() {
    assertThat(ab.find(a)).isEqualTo("A");
    assertThat(ab.find(b)).isNull();
    assertThat(ab.find(c)).isSameAs(VarMap.ABSENT);
  }

  @Test
  void putAppendsANewKeyAndLeavesTheReceiverUnchanged() {
    CollisionNode abc = ab.put(c, "C");

    assertThat(abc.size()).isEqualTo(3);
    assertThat(abc.hash).isEqualTo(HASH);
    assertIdentical(abc.entries, a, "A", b, null, c, "C");
    assertThat(ab.size()).isEqualTo(2);
    assertThat(ab.find(c)).isSameAs(VarMap.ABSENT);
  }

  @Test
  void putReplacesTheValueOfABoundKeyInPlace() {
    CollisionNode updated = ab.put(b, "B");

    assertIdentical(updated.entries, a, "A", b, "B");
    assertThat(ab.find(b)).isNull();
  }

  @Test
  void removeKeepsTheOrderOfTheOthers() {
    CollisionNode abc = ab.put(c, "C");

    assertIdentical(abc.remove(a).entries, b, null, c, "C");
    assertIdentical(abc.remove(b).entries, a, "A", c, "C");
    assertIdentical(abc.remove(c).entries, a, "A", b, null);
    assertThat(abc.size()).isEqualTo(3);
  }

  @Test
  void removingDownToOneEntryLeavesItForTheParentToPullUp() {
    CollisionNode single = ab.remove(a);

    assertThat(single.size()).isEqualTo(1);
    assertIdentical(single.entries, b, null);
  }

  @Test
  void copiesAllEntriesButTheExceptedOneWithTheSharedHash() {
    CollisionNode abc = ab.put(c, "C");
    Object[] entries = new Object[6];
    int[] hashes = new int[3];

    int count = abc.copyEntriesTo(entries, hashes, 1, b);

    assertThat(count).isEqualTo(3);
    assertIdentical(entries, null, null, a, "A", c, "C");
    assertThat(hashes).containsExactly(0, HASH, HASH);
  }

  @Test
  void forEachVisitsEveryEntryInOrder() {
    List<Object> visited = new ArrayList<>();

    ab.put(c, "C").forEach((key, value) -> {
      visited.add(key);
      visited.add(value);
    });

    assertIdentical(visited.toArray(), a, "A", b, null, c, "C");
  }

  /** Element by element, by identity: test keys' {@code equals} would accept any other test key. */
  private static void assertIdentical(Object[] actual, Object... expected) {
    assertThat(actual).usingElementComparator(TestKey.IDENTITY).containsExactly(expected);
  }
}
