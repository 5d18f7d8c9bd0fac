package org.contextvars.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.contextvars.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One large map, checked against its model: far more entries than any context will hold. */
class VarMapScaleTest {

  private static final int KEY_COUNT = 100_000;

  @AfterEach
  void threadIsBackToAnEmptyContext() {
    assertThat(Context.copyCurrent().isEmpty()).isTrue();
  }

  @Test
  void aHundredThousandEntriesWithCollisionsGrowAndShrinkLikeTheModel() {
    List<TestKey> keys = keys();
    ModelledVarMap map = new ModelledVarMap();
    Object[] values = {"a", "b", null, new TestValue("c")};

    map.snapshot();
    for (int i = 0; i < KEY_COUNT; i++) {
      map.put(keys.get(i), values[i & 3]);
      if (i == 8 || i == 1_000 || i == KEY_COUNT / 2) {
        map.snapshot();
      }
    }
    map.snapshot();
    assertThat(map.current().size()).isEqualTo(KEY_COUNT);

    for (int i = 0; i < KEY_COUNT; i += 7) {
      map.put(keys.get(i), values[(i + 1) & 3]);
    }
    for (int i = 1; i < KEY_COUNT; i += 2) {
      map.remove(keys.get(i));
    }
    map.snapshot();

    for (int i = 0; i < KEY_COUNT; i += 2) {
      map.remove(keys.get(i));
    }
    assertThat(map.current()).isSameAs(VarMap.empty());
    // Every snapshot, from empty through 100,000 entries to the half left, is still what it was.
    map.checkAll(keys);
  }

  /**
   * Mostly spread hashes, with runs that collide in full, share their low 20 bits, or differ only
   * in the top two bits.
   */
  private static List<TestKey> keys() {
    SplittableRandom random = new SplittableRandom(20150101);
    List<TestKey> keys = new ArrayList<>(KEY_COUNT);
    for (int i = 0; i < KEY_COUNT; i++) {
      int hash;
      switch (i % 100) {
        case 0:
        case 1:
        case 2:
          hash = 0x0BADF00D + (i / 1000);
          break;
        case 3:
        case 4:
          hash = (random.nextInt() << 20) | 0x12345;
          break;
        case 5:
          hash = (random.nextInt(4) << 30) | 0x1234567;
          break;
        default:
          hash = random.nextInt();
      }
      keys.add(new TestKey("k" + i, hash));
    }
    return keys;
  }
}
