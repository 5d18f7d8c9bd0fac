package org.contextvars.agent.bootstrap;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * Snapshots attached to objects the agent cannot change the shape of (threads, fork/join tasks,
 * timer tasks): a JDK class that is already loaded cannot get a new field.
 *
 * <p>Keys are compared by identity, never with their own {@code equals}/{@code hashCode} (a task
 * class may define both, and they may be slow or throw). Keys are weak, so a task that is dropped
 * unrun (a pool shut down with work queued) takes its snapshot with it. Striped by identity hash,
 * so that unrelated threads rarely meet on a lock.
 */
final class WeakTaskMap {

  private static final int STRIPES = 32;

  private final Stripe[] stripes = new Stripe[STRIPES];

  WeakTaskMap() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  private Stripe stripe(int hash) {
    return stripes[(hash ^ (hash >>> 16)) & (STRIPES - 1)];
  }

  void put(Object key, Object value) {
    int hash = System.identityHashCode(key);
    Stripe stripe = stripe(hash);
    synchronized (stripe) {
      stripe.expunge();
      stripe.entries.put(new Key(key, hash, stripe.queue), value);
    }
  }

  /**
   * Puts only when {@code key} has nothing yet (the outermost of nested calls wins); returns
   * whether it put.
   */
  boolean putIfAbsent(Object key, Object value) {
    int hash = System.identityHashCode(key);
    Stripe stripe = stripe(hash);
    synchronized (stripe) {
      stripe.expunge();
      Key probe = new Key(key, hash, null);
      if (stripe.entries.containsKey(probe)) {
        return false;
      }
      stripe.entries.put(new Key(key, hash, stripe.queue), value);
      return true;
    }
  }

  Object get(Object key) {
    int hash = System.identityHashCode(key);
    Stripe stripe = stripe(hash);
    synchronized (stripe) {
      return stripe.entries.isEmpty() ? null : stripe.entries.get(new Key(key, hash, null));
    }
  }

  Object remove(Object key) {
    int hash = System.identityHashCode(key);
    Stripe stripe = stripe(hash);
    synchronized (stripe) {
      return stripe.entries.isEmpty() ? null : stripe.entries.remove(new Key(key, hash, null));
    }
  }

  private static final class Stripe {
    final Map<Key, Object> entries = new HashMap<>();
    final ReferenceQueue<Object> queue = new ReferenceQueue<>();

    void expunge() {
      for (Reference<?> dead; (dead = queue.poll()) != null; ) {
        entries.remove(dead);
      }
    }
  }

  /** A weak, identity-compared key. A lookup key is made without a queue and dropped at once. */
  private static final class Key extends WeakReference<Object> {
    private final int hash;

    Key(Object referent, int hash, ReferenceQueue<Object> queue) {
      super(referent, queue);
      this.hash = hash;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (other == this) {
        return true;
      }
      if (!(other instanceof Key)) {
        return false;
      }
      Object mine = get();
      return mine != null && mine == ((Key) other).get();
    }
  }
}
