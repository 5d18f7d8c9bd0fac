package org.contextvars.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Ways to choose test keys' hashes, from well spread to deliberately colliding. */
enum HashScheme {
  /** What {@code ContextVar} does: a sequence number times the golden ratio. */
  SEQUENCE {
    @Override
    int hash(SplittableRandom random, int index) {
      return (index + 1) * 0x9E3779B9;
    }
  },
  RANDOM {
    @Override
    int hash(SplittableRandom random, int index) {
      return random.nextInt();
    }
  },
  /** Hashes 0 to 3: the same first fragment for most, and many full collisions. */
  TINY_RANGE {
    @Override
    int hash(SplittableRandom random, int index) {
      return random.nextInt(4);
    }
  },
  /** The low 20 bits shared: four levels of single-child nodes before keys part. */
  SHARED_LOW_BITS {
    @Override
    int hash(SplittableRandom random, int index) {
      return (random.nextInt() << 20) | 0xA5A5A;
    }
  },
  /** Only the top two bits differ: keys part at the last level, or collide. */
  TOP_BITS_ONLY {
    @Override
    int hash(SplittableRandom random, int index) {
      return (random.nextInt(4) << 30) | 0x2C0FFEE;
    }
  },
  /** Every key has the same hash. */
  ONE_FULL_HASH {
    @Override
    int hash(SplittableRandom random, int index) {
      return 0xCAFEBABE;
    }
  },
  /** Each key picks one of the schemes above (this one is last, so the pick leaves it out). */
  MIXED {
    @Override
    int hash(SplittableRandom random, int index) {
      HashScheme[] schemes = values();
      return schemes[random.nextInt(schemes.length - 1)].hash(random, index);
    }
  };

  abstract int hash(SplittableRandom random, int index);

  /** {@code count} distinct keys named {@code k0, k1, ...}, with hashes drawn from {@code seed}. */
  List<TestKey> keys(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<TestKey> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(new TestKey("k" + i, hash(random, i)));
    }
    return keys;
  }
}
