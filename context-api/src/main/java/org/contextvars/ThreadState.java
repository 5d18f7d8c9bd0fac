package org.contextvars;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One thread's view of contexts: the current {@link Context}, its bindings, and the stack of frames
 * (contexts entered by {@code run}, wrapped tasks and bridge scopes) open on this thread, so that
 * leaving a context can check it is the one being left.
 *
 * <p>One {@code ThreadLocal} lookup finds the state; entering and leaving a context are then plain
 * field and array writes, far cheaper than {@code ThreadLocal.set}, which lets the coroutine bridge
 * swap contexts on every resumption.
 *
 * <p>A frame remembers the context it made current and the one current before. Coroutine bridges do
 * not push frames: kotlinx.coroutines restores thread state in an order that is not always the
 * reverse of its updates, with a "put back this old state" contract, so a coroutine's resume and
 * suspend swap {@code current} directly ({@link #swap}), and a suspension closes only the frames
 * opened inside the coroutine and still open.
 *
 * <p>There is deliberately no thread-local copy of the current context's bindings: a coroutine's
 * context may stay current on one thread while the coroutine runs and sets values on another. A
 * {@code withContext} to another dispatcher that completes before its caller got to suspend is
 * one case: the caller then goes on in the same context, on its first thread, with no resume in
 * between. Only the context's own field is always up to date.
 *
 * <p>Thread-safety: confined to its thread. Only code running on that thread may touch it.
 */
final class ThreadState {

  private static final ThreadLocal<ThreadState> STATES =
      new ThreadLocal<ThreadState>() {
        // ThreadLocal.withInitial is not available on Android API 24.
        @Override
        protected ThreadState initialValue() {
          return new ThreadState();
        }
      };

  /** The context that {@code ContextVar.get} and {@code set} use on this thread. */
  Context current = new Context();

  /**
   * Per open frame, oldest first: the context it made current. The newest frame's slot stays null
   * while its context is current, and is filled in before anything else becomes current (a newer
   * frame, a coroutine's swap): a frame opened and closed with nothing in between, which is every
   * run and wrapped task on a pooled thread, then stores no reference here. A reference store into
   * this long-lived array costs a garbage collector write barrier, with a fence under G1. Read it
   * through {@link #installedAt}.
   */
  private @Nullable Context[] installed = NO_CONTEXTS;

  /**
   * Per open frame: the context that was current when it opened. The slot just above the newest
   * frame may still hold the context that closing its last frame made current again, which a
   * {@link #push} from that same context then need not write: on a pooled thread every task opens
   * its frame over the thread's base context, and a reference store into this long-lived array
   * costs a garbage collector write barrier. Every other slot above the newest frame is null.
   */
  private @Nullable Context[] previous = NO_CONTEXTS;

  /** Per open frame: whether it was entered through {@code run} and owns its context. */
  private boolean[] owned = NO_FLAGS;

  /*
   * The frame arrays start empty and shared, and are made at the first push: most threads never
   * open a frame (a virtual thread that only sets and reads a variable, a coroutine's dispatcher
   * thread), and the three arrays were 120 of the 512 bytes such a thread kept.
   */
  private static final Context[] NO_CONTEXTS = new Context[0];
  private static final boolean[] NO_FLAGS = new boolean[0];

  private int depth;

  private ThreadState() {}

  /** The calling thread's state. */
  static ThreadState get() {
    return STATES.get();
  }

  /** Makes {@code context} current in a new frame and returns the frame's index. */
  int push(Context context, boolean ownedByRun) {
    int index = depth;
    if (index + 1 >= installed.length) {
      grow();
    }
    fillInNewest();
    Context before = current;
    if (previous[index] != before) {
      previous[index] = before;
    }
    owned[index] = ownedByRun;
    depth = index + 1;
    current = context;
    return index;
  }

  /** Keeps a free slot above the newest frame, which popIfNewest clears without a bounds test. */
  private void grow() {
    int length = Math.max(8, installed.length * 2);
    installed = Arrays.copyOf(installed, length);
    previous = Arrays.copyOf(previous, length);
    owned = Arrays.copyOf(owned, length);
  }

  /**
   * The fast path out: if frame {@code index} is the newest, holds {@code context} and {@code
   * context} is current, closes it (releasing its {@code run} ownership) and returns true;
   * otherwise changes nothing and returns false.
   */
  boolean popIfNewest(int index, Context context) {
    Context filledIn = installed[index];
    if (index != depth - 1 || current != context || (filledIn != null && filledIn != context)) {
      return false;
    }
    if (owned[index]) {
      context.release();
    }
    if (filledIn != null) {
      installed[index] = null;
    }
    // The slot above held the context current when the frame above closed: the one leaving now.
    // Tested first, because it is null unless a frame above closed, and a store costs a barrier.
    if (previous[index + 1] != null) {
      previous[index + 1] = null;
    }
    depth = index;
    current = previous[index];
    return true;
  }

  /** The context that open frame {@code index} made current. */
  Context installedAt(int index) {
    Context filledIn = installed[index];
    return filledIn != null ? filledIn : current;
  }

  /** Fills in the newest frame's slot, before another context becomes current without a frame. */
  private void fillInNewest() {
    int newest = depth - 1;
    if (newest >= 0 && installed[newest] == null) {
      installed[newest] = current;
    }
  }

  /** Whether frame {@code index} is open and holds {@code context}. */
  boolean holds(int index, Context context) {
    return index >= 0 && index < depth && installedAt(index) == context;
  }

  /** Whether frame {@code index} is the newest open frame. */
  boolean isNewest(int index) {
    return index == depth - 1;
  }

  /**
   * The newest open frame that holds {@code context} and was, or was not, entered through {@code
   * run}; or -1. Starts at the newest frame, where the context is found in the common case.
   */
  int find(Context context, boolean ownedByRun) {
    for (int i = depth - 1; i >= 0; i--) {
      if (installedAt(i) == context && owned[i] == ownedByRun) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Closes frame {@code index} and every frame opened after it, releasing the {@code run}
   * ownership of each, makes current the context from before frame {@code index}, and returns the
   * contexts of the newer frames, newest first.
   */
  Context[] unwindTo(int index) {
    Context[] abandoned = new Context[depth - 1 - index];
    for (int i = depth - 1; i >= index; i--) {
      if (i > index) {
        abandoned[depth - 1 - i] = installedAt(i);
      }
      if (owned[i]) {
        installedAt(i).release();
      }
    }
    Context back = previous[index];
    Arrays.fill(installed, index, depth, null);
    Arrays.fill(previous, index, depth + 1, null);
    depth = index;
    current = back;
    return abandoned;
  }

  /**
   * Takes frame {@code index}, which is not the newest, out of the stack: the newer frames stay
   * open and the current context does not change; the frame opened right after it now returns to
   * the context from before frame {@code index}. Only for frames not entered through {@code run}.
   */
  void removeOlder(int index) {
    if (previous[index + 1] == installedAt(index)) {
      previous[index + 1] = previous[index];
    }
    int moved = depth - 1 - index;
    System.arraycopy(installed, index + 1, installed, index, moved);
    System.arraycopy(previous, index + 1, previous, index, moved);
    System.arraycopy(owned, index + 1, owned, index, moved);
    depth--;
    installed[depth] = null;
    previous[depth] = null;
    previous[depth + 1] = null;
  }

  /**
   * A coroutine's resume: makes {@code context} current without a frame and returns the context
   * it replaces.
   */
  Context swap(Context context) {
    fillInNewest();
    Context replaced = current;
    current = context;
    return replaced;
  }

  /**
   * A coroutine's suspension: makes {@code back} current again, and forgets a context that the
   * slot above the newest frame may hold from a frame closed inside the coroutine, so that an idle
   * pooled thread keeps no finished coroutine's values reachable.
   */
  void swapBack(Context back) {
    fillInNewest();
    current = back;
    if (depth < previous.length && previous[depth] != back) {
      previous[depth] = null;
    }
  }

  /**
   * The newest frame opened while {@code context} was current, such that every frame after it was
   * opened inside it, or -1: the frames a coroutine running in {@code context} left open. Walks
   * down from the newest frame only while each frame was opened over the one below it.
   */
  int firstOpenedInside(Context context) {
    for (int i = depth - 1; i >= 0; i--) {
      if (previous[i] == context) {
        return i;
      }
      if (i == 0 || previous[i] != installedAt(i - 1)) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * Forgets every frame and starts the thread over with a new, empty context. For test harnesses
   * that must isolate a test which leaked state from the tests after it.
   */
  void discardAll() {
    for (int i = depth - 1; i >= 0; i--) {
      if (owned[i]) {
        installedAt(i).release();
      }
    }
    Arrays.fill(installed, null);
    Arrays.fill(previous, null);
    depth = 0;
    current = new Context();
  }
}
