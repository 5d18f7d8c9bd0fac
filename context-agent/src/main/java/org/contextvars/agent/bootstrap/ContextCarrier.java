package org.contextvars.agent.bootstrap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TimerTask;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.Predicate;

/**
 * The static entry points that the agent's instrumentation compiles into JDK classes.
 *
 * <p>Loaded by the bootstrap class loader, so that {@code ThreadPoolExecutor}, {@code Thread} and
 * the other JDK classes can call it. It decides whether a task is covered and where a snapshot is
 * kept; everything that touches a context goes to the installed {@link Propagation}. Until one is
 * installed, and when the agent is switched off, every method hands its argument back unchanged.
 *
 * <p>Cautions: not for applications; the agent calls {@link #install} once.
 */
public final class ContextCarrier {

  private static volatile Propagation propagation;
  private static volatile boolean inheritThreads;
  private static volatile Predicate<String> coveredExecutor = name -> true;

  /** Whether tasks given to an executor of a class are captured; see the agent's settings. */
  private static final ClassValue<Boolean> COVERED =
      new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return coveredExecutor.test(type.getName());
        }
      };

  /** Snapshots for threads between start() and their first use of a context. */
  private static final WeakTaskMap THREADS = new WeakTaskMap();

  /** Snapshots for fork/join tasks between submission or fork() and their execution. */
  private static final WeakTaskMap FORK_JOIN_TASKS = new WeakTaskMap();

  /** Snapshots for timer tasks; kept while the task lives, since a periodic task runs again. */
  private static final WeakTaskMap TIMER_TASKS = new WeakTaskMap();

  /** Set while a pool creates a worker: pool workers must not keep the submitter's context. */
  private static final ThreadLocal<Boolean> CREATING_WORKER = new ThreadLocal<>();

  /**
   * Set while {@code AbstractExecutorService.submit} (or {@code invokeAll}/{@code invokeAny}) hands
   * its already bound tasks, each inside a new future, to {@code execute}: that many {@code
   * execute} calls must not capture the futures a second time. A count, not a flag, so that a task
   * run inline by the submitting thread (a caller-runs rejection) still captures what it submits.
   */
  private static final ThreadLocal<int[]> SUBMITTING =
      new ThreadLocal<int[]>() {
        // Kept for the thread's life, so that a submission allocates nothing: [active, count].
        @Override
        protected int[] initialValue() {
          return new int[2];
        }
      };

  private ContextCarrier() {}

  /**
   * Installs the propagation and the settings, before anything is instrumented. Returns false, and
   * changes nothing, when an agent already installed them in this JVM.
   */
  public static synchronized boolean install(
      Propagation installed, Predicate<String> executorFilter, boolean threadsInherit) {
    if (propagation != null) {
      return false;
    }
    coveredExecutor = executorFilter;
    inheritThreads = threadsInherit;
    propagation = installed;
    return true;
  }

  private static boolean covers(Object executor) {
    return executor == null || COVERED.get(executor.getClass());
  }

  // ---------------------------------------------------------------------------------------------
  // Executors

  /** A task given to an executor, made to run in a copy of the caller's context. */
  public static Runnable task(Object executor, Runnable task) {
    Propagation p = propagation;
    if (p == null || task == null || !covers(executor)) {
      return task;
    }
    int[] submitting = SUBMITTING.get();
    if (submitting[1] > 0) {
      submitting[1]--;
      return task;
    }
    if (task instanceof CompletableFuture.AsynchronousCompletionTask) {
      // A CompletableFuture stage: its function is bound where the stage was created.
      return task;
    }
    if (task instanceof ForkJoinTask) {
      // Replacing it would break join() on it: attach the snapshot instead.
      attach(executor, (ForkJoinTask<?>) task);
      return task;
    }
    return p.bind(task);
  }

  /** Like {@link #task(Object, Runnable)}, for a task with a result. */
  public static <V> Callable<V> task(Object executor, Callable<V> task) {
    Propagation p = propagation;
    if (p == null || task == null || !covers(executor)) {
      return task;
    }
    return p.bind(task);
  }

  /** A collection of tasks, each made to run in a copy of the caller's context. */
  public static <V> Collection<? extends Callable<V>> tasks(
      Object executor, Collection<? extends Callable<V>> tasks) {
    Propagation p = propagation;
    if (p == null || tasks == null || !covers(executor)) {
      return tasks;
    }
    List<Callable<V>> bound = new ArrayList<>(tasks.size());
    for (Callable<V> task : tasks) {
      // A null element must still make the executor throw its own NullPointerException.
      bound.add(task == null ? null : p.bind(task));
    }
    return bound;
  }

  /**
   * Marks the calling thread as inside {@code submit}, {@code invokeAll} or {@code invokeAny},
   * about to {@code execute} {@code tasks} futures whose tasks are bound already; returns what
   * {@link #submitted} needs.
   */
  public static boolean submitting(int tasks) {
    if (propagation == null) {
      return false;
    }
    int[] submitting = SUBMITTING.get();
    if (submitting[0] != 0) {
      return false;
    }
    submitting[0] = 1;
    submitting[1] = tasks;
    return true;
  }

  /** Ends what {@link #submitting} began. */
  public static void submitted(boolean outer) {
    if (outer) {
      int[] submitting = SUBMITTING.get();
      submitting[0] = 0;
      submitting[1] = 0;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Fork/join

  /**
   * Remembers the caller's context for {@code task}, which a pool will run later; not for a task
   * that runs in a context of its own ({@code ContextExecutors.wrap}).
   */
  public static void attach(Object executor, ForkJoinTask<?> task) {
    Propagation p = propagation;
    if (p == null
        || task == null
        || task instanceof CompletableFuture.AsynchronousCompletionTask
        || !covers(executor)
        || p.isBound(task)) {
      return;
    }
    FORK_JOIN_TASKS.put(task, p.capture());
  }

  /** Remembers the forking thread's context for {@code task}. */
  public static void forked(ForkJoinTask<?> task) {
    if (propagation == null) {
      return;
    }
    ForkJoinPool pool = ForkJoinTask.getPool();
    attach(pool == null ? ForkJoinPool.commonPool() : pool, task);
  }

  /**
   * Called as {@code task} starts running: enters its snapshot, if it has one. Returns what {@link
   * #exit} needs, or null.
   */
  public static Object enter(ForkJoinTask<?> task) {
    Propagation p = propagation;
    if (p == null || task instanceof CompletableFuture.AsynchronousCompletionTask) {
      return null;
    }
    Object snapshot = FORK_JOIN_TASKS.remove(task);
    return snapshot == null ? null : p.enter(snapshot);
  }

  /** Puts back the context that {@link #enter} replaced; does nothing for null. */
  public static void exit(Object previous) {
    Propagation p = propagation;
    if (p != null && previous != null) {
      p.exit(previous);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Threads

  /** Called in {@code Thread.start}: the new thread will start in a copy of the caller's context. */
  public static void threadStarting(Thread thread) {
    Propagation p = propagation;
    if (p == null
        || !inheritThreads
        || CREATING_WORKER.get() != null
        || thread instanceof ForkJoinWorkerThread
        || isJdkInternalThread(thread)) {
      return;
    }
    THREADS.putIfAbsent(thread, p.capture());
  }

  private static boolean isJdkInternalThread(Thread thread) {
    String name = thread.getClass().getName();
    return name.equals("java.util.TimerThread") || name.startsWith("jdk.internal.");
  }

  /** Called when {@code Thread.start} fails: the snapshot is not needed. */
  public static void threadNotStarted(Thread thread) {
    THREADS.remove(thread);
  }

  /** The snapshot the calling thread was started with, once; null when it has none. */
  public static Object takeInherited() {
    return propagation == null ? null : THREADS.remove(Thread.currentThread());
  }

  /** Marks the calling thread as creating pool workers; returns what {@link #workerCreated} needs. */
  public static boolean creatingWorker() {
    boolean outer = CREATING_WORKER.get() == null;
    if (outer) {
      CREATING_WORKER.set(Boolean.TRUE);
    }
    return outer;
  }

  /** Ends what {@link #creatingWorker} began. */
  public static void workerCreated(boolean outer) {
    if (outer) {
      CREATING_WORKER.remove();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Timer

  /**
   * Called as {@code task} is being scheduled on a {@code java.util.Timer}, before the timer
   * thread can see it. A timer task is scheduled at most once, so a task that already has a
   * snapshot keeps it (the timer is about to refuse it). Returns whether a snapshot was kept now.
   */
  public static boolean timerTaskScheduling(Object timer, TimerTask task) {
    Propagation p = propagation;
    if (p == null || task == null || !covers(timer)) {
      return false;
    }
    return TIMER_TASKS.putIfAbsent(task, p.capture());
  }

  /** Called when the timer refused {@code task}: it may still be scheduled on another timer. */
  public static void timerTaskRefused(TimerTask task) {
    TIMER_TASKS.remove(task);
  }

  /** Replaces the timer thread's {@code task.run()}: each run in a fresh copy of the snapshot. */
  public static void runTimerTask(TimerTask task) {
    Propagation p = propagation;
    Object snapshot = p == null ? null : TIMER_TASKS.get(task);
    if (snapshot == null) {
      task.run();
    } else {
      p.runIn(snapshot, task);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // CompletableFuture

  /** A stage function bound to the context current where the stage is created. */
  public static Object stage(Object function, int kind) {
    Propagation p = propagation;
    if (p == null || function == null) {
      return function;
    }
    return p.bindStage(function, kind);
  }
}
