package org.contextvars.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.contextvars.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BitmapNodeTest {

  @AfterEach
  void threadIsBackToAnEmptyContext() {
    assertThat(Context.copyCurrent().isEmpty()).isTrue();
  }

  @Test
  void keepsEntriesInFragmentOrderIncludingTheSignBitFragment() {
    TestKey last = new TestKey("fragment 31", 31);
    TestKey first = new TestKey("fragment 0", 0);
    TestKey middle = new TestKey("fragment 7", 7);

    BitmapNode node = put(put(put(BitmapNode.EMPTY, last), first), middle);

    assertThat(node.dataMap).isEqualTo(1 | (1 << 7) | (1 << 31));
    assertThat(node.nodeMap).isZero();
    assertIdentical(node.content, first, "fragment 0", middle, "fragment 7", last,
        "fragment 31");
    assertThat(node.hashes).containsExactly(0, 7, 31);
  }

  @Test
  void pairsOfKeysSplitInFragmentOrderWhateverTheirInsertionOrder() {
    TestKey high = new TestKey("high", (31 << 5) | 1);
    TestKey low = new TestKey("low", 1);

    BitmapNode highFirst = put(put(BitmapNode.EMPTY, high), low);
    BitmapNode lowFirst = put(put(BitmapNode.EMPTY, low), high);

    TrieShapes.assertSameShape(highFirst, lowFirst);
    BitmapNode child = (BitmapNode) highFirst.content[0];
    assertIdentical(child.content, low, "low", high, "high");
  }

  @Test
  void aKeySharingTheFragmentOfAnEntryPushesBothDownALevel() {
    TestKey a = new TestKey("a", 3);
    TestKey b = new TestKey("b", (5 << 5) | 3);
    TestKey other = new TestKey("other", 9);
    BitmapNode node = put(put(BitmapNode.EMPTY, a), other);

    BitmapNode pushed = put(node, b);

    assertThat(pushed.dataMap).isEqualTo(1 << 9);
    assertThat(pushed.nodeMap).isEqualTo(1 << 3);
    assertThat(pushed.content).hasSize(3);
    BitmapNode child = (BitmapNode) pushed.content[2];
    assertThat(child.dataMap).isEqualTo(1 | (1 << 5));
    assertIdentical(child.content, a, "a", b, "b");
    assertThat(TrieShapes.assertCanonical(pushed)).isEqualTo(3);
  }

  @Test
  void hashesDifferingOnlyInTheTopTwoBitsSplitAtTheLastLevel() {
    TestKey a = new TestKey("a", 0x1ABCDEF0);
    TestKey b = new TestKey("b", 0x5ABCDEF0);

    BitmapNode root = put(put(BitmapNode.EMPTY, a), b);

    BitmapNode node = root;
    for (int level = 0; level < 6; level++) {
      assertThat(node.dataMap).isZero();
      node = (BitmapNode) node.content[0];
    }
    assertThat(node.dataMap).isEqualTo(0b11);
    assertIdentical(node.content, a, "a", b, "b");
    assertThat(root.find(a, a.hash)).isEqualTo("a");
    assertThat(root.find(b, b.hash)).isEqualTo("b");
  }

  @Test
  void equalHashesMeetInACollisionNodeBelowTheLastLevel() {
    TestKey a = new TestKey("a", 0x80000001);
    TestKey b = new TestKey("b", 0x80000001);

    BitmapNode root = put(put(BitmapNode.EMPTY, a), b);

    assertThat(TrieShapes.assertCanonical(root)).isEqualTo(2);
    assertThat(root.find(a, a.hash)).isEqualTo("a");
    assertThat(root.find(b, b.hash)).isEqualTo("b");
    assertThat(root.find(new TestKey("c", a.hash), a.hash)).isSameAs(VarMap.ABSENT);
  }

  @Test
  void aChainLeftWithOneEntryByARemovalIsPulledBackUp() {
    TestKey a = new TestKey("a", 0x77);
    TestKey b = new TestKey("b", 0x77);
    TestKey c = new TestKey("c", 0x1077);
    TestKey top = new TestKey("top", 0x3);
    BitmapNode all = put(put(put(put(BitmapNode.EMPTY, a), b), c), top);

    BitmapNode withoutA = all.remove(a, a.hash, 0);
    BitmapNode withoutAc = withoutA.remove(c, c.hash, 0);

    TrieShapes.assertSameShape(withoutA, put(put(put(BitmapNode.EMPTY, top), c), b));
    assertThat(withoutAc.nodeMap).isZero();
    assertIdentical(withoutAc.content, top, "top", b, "b");
    assertThat(withoutAc.hashes).containsExactly(0x3, 0x77);
  }

  @Test
  void removingTheLastEntryLeavesAnEmptyNode() {
    TestKey a = new TestKey("a", 12);
    BitmapNode node = put(BitmapNode.EMPTY, a);

    BitmapNode empty = node.remove(a, a.hash, 0);

    assertThat(empty.dataMap).isZero();
    assertThat(empty.nodeMap).isZero();
    assertThat(empty.content).isEmpty();
    assertThat(empty.find(a, a.hash)).isSameAs(VarMap.ABSENT);
  }

  @Test
  void replacingAValueSharesTheHashesAndCopiesOnlyTheContent() {
    TestKey a = new TestKey("a", 12);
    TestKey b = new TestKey("b", 13);
    BitmapNode node = put(put(BitmapNode.EMPTY, a), b);

    BitmapNode replaced = node.put(a, a.hash, "new", 0);

    assertThat(replaced.hashes).isSameAs(node.hashes);
    assertIdentical(replaced.content, a, "new", b, "b");
    assertIdentical(node.content, a, "a", b, "b");
  }

  @Test
  void copiesEntriesFromEveryLevelExceptTheExceptedKey() {
    TestKey a = new TestKey("a", 0x77);
    TestKey b = new TestKey("b", 0x77);
    TestKey c = new TestKey("c", 0x1077);
    TestKey top = new TestKey("top", 0x3);
    BitmapNode root = put(put(put(put(BitmapNode.EMPTY, a), b), c), top);
    Object[] entries = new Object[6];
    int[] hashes = new int[3];

    int count = root.copyEntriesTo(entries, hashes, 0, c);

    assertThat(count).isEqualTo(3);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TestKey key = (TestKey) entries[2 * i];
      names.add(key.name);
      assertThat(entries[2 * i + 1]).isSameAs(key.name);
      assertThat(hashes[i]).isEqualTo(key.hash);
    }
    assertThat(names).containsExactlyInAnyOrder("a", "b", "top");
  }

  private static BitmapNode put(BitmapNode node, TestKey key) {
    return node.put(key, key.hash, key.name, 0);
  }

  /** Element by element, by identity: test keys' {@code equals} would accept any other test key. */
  private static void assertIdentical(Object[] actual, Object... expected) {
    assertThat(actual).usingElementComparator(TestKey.IDENTITY).containsExactly(expected);
  }
}
