package org.contextvars.agent;

import java.util.Collection;
import java.util.TimerTask;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinTask;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.contextvars.Context;
import org.contextvars.agent.bootstrap.ContextCarrier;

/**
 * The code that Byte Buddy copies into JDK methods. Each body only calls {@link ContextCarrier},
 * the one agent class that JDK classes can see; nothing here runs as it is.
 */
final class Advices {

  private Advices() {}

  /** {@code execute(Runnable)}, {@code schedule(Runnable, ...)}: the task, bound. */
  static final class RunnableArgument {
    @Advice.OnMethodEnter
    static void enter(
        @Advice.This Object executor,
        @Advice.Argument(value = 0, readOnly = false) Runnable task) {
      task = ContextCarrier.task(executor, task);
    }
  }

  /** {@code submit(Callable)}, {@code schedule(Callable, ...)}: the task, bound. */
  static final class CallableArgument {
    @Advice.OnMethodEnter
    static void enter(
        @Advice.This Object executor,
        @Advice.Argument(value = 0, readOnly = false) Callable<?> task) {
      task = ContextCarrier.task(executor, task);
    }
  }

  /**
   * {@code AbstractExecutorService.submit(Runnable[, T])}: the task, bound, before it is put in a
   * future; the {@code execute} that receives the future then leaves it alone.
   */
  static final class SubmitRunnable {
    @Advice.OnMethodEnter
    static boolean enter(
        @Advice.This Object executor,
        @Advice.Argument(value = 0, readOnly = false) Runnable task) {
      task = ContextCarrier.task(executor, task);
      return ContextCarrier.submitting(1);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter boolean outer) {
      ContextCarrier.submitted(outer);
    }
  }

  /** {@code AbstractExecutorService.submit(Callable)}: as {@link SubmitRunnable}. */
  static final class SubmitCallable {
    @Advice.OnMethodEnter
    static boolean enter(
        @Advice.This Object executor,
        @Advice.Argument(value = 0, readOnly = false) Callable<?> task) {
      task = ContextCarrier.task(executor, task);
      return ContextCarrier.submitting(1);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter boolean outer) {
      ContextCarrier.submitted(outer);
    }
  }

  /** {@code AbstractExecutorService.invokeAll/invokeAny}: as {@link SubmitRunnable}, per task. */
  static final class SubmitCollection {
    @Advice.OnMethodEnter
    @SuppressWarnings({"rawtypes", "unchecked"})
    static boolean enter(
        @Advice.This Object executor,
        @Advice.Argument(value = 0, readOnly = false) Collection tasks) {
      tasks = ContextCarrier.tasks(executor, tasks);
      return ContextCarrier.submitting(tasks == null ? 0 : tasks.size());
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter boolean outer) {
      ContextCarrier.submitted(outer);
    }
  }

  /** {@code invokeAll}, {@code invokeAny}: every task, bound. */
  static final class TaskCollectionArgument {
    @Advice.OnMethodEnter
    @SuppressWarnings({"rawtypes", "unchecked"})
    static void enter(
        @Advice.This Object executor,
        @Advice.Argument(value = 0, readOnly = false) Collection tasks) {
      tasks = ContextCarrier.tasks(executor, tasks);
    }
  }

  /** {@code ForkJoinPool.execute/submit/invoke(ForkJoinTask)}: the caller's context, attached. */
  static final class ForkJoinTaskArgument {
    @Advice.OnMethodEnter
    static void enter(@Advice.This Object pool, @Advice.Argument(0) ForkJoinTask<?> task) {
      ContextCarrier.attach(pool, task);
    }
  }

  /** {@code ForkJoinTask.fork()}: the forker's context, attached. */
  static final class Fork {
    @Advice.OnMethodEnter
    static void enter(@Advice.This ForkJoinTask<?> task) {
      ContextCarrier.forked(task);
    }
  }

  /** {@code ForkJoinTask.doExec()}: the attached context, entered for the run and then left. */
  static final class ForkJoinExec {
    @Advice.OnMethodEnter
    static Object enter(@Advice.This ForkJoinTask<?> task) {
      return ContextCarrier.enter(task);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object previous) {
      ContextCarrier.exit(previous);
    }
  }

  /** {@code Thread.start}: the caller's context, kept for the new thread. */
  static final class ThreadStart {
    @Advice.OnMethodEnter
    static void enter(@Advice.This Thread thread) {
      ContextCarrier.threadStarting(thread);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.This Thread thread, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        ContextCarrier.threadNotStarted(thread);
      }
    }
  }

  /** {@code ThreadPoolExecutor.addWorker}, ...: threads started here are pool workers. */
  static final class WorkerCreation {
    @Advice.OnMethodEnter
    static boolean enter() {
      return ContextCarrier.creatingWorker();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter boolean outer) {
      ContextCarrier.workerCreated(outer);
    }
  }

  /**
   * {@code Timer.sched}: the caller's context is kept for the task before the timer thread can run
   * it, and dropped again when the timer refuses the task.
   */
  static final class TimerSchedule {
    @Advice.OnMethodEnter
    static boolean enter(@Advice.This Object timer, @Advice.Argument(0) TimerTask task) {
      return ContextCarrier.timerTaskScheduling(timer, task);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(
        @Advice.Argument(0) TimerTask task,
        @Advice.Enter boolean kept,
        @Advice.Thrown Throwable refused) {
      if (kept && refused != null) {
        ContextCarrier.timerTaskRefused(task);
      }
    }
  }

  /** A {@code CompletableFuture} stage method whose first argument is the stage's function. */
  static final class StageArgument0 {
    @Advice.OnMethodEnter
    static void enter(
        @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC)
            Object function,
        @StageKind int kind) {
      function = ContextCarrier.stage(function, kind);
    }
  }

  /** A {@code CompletableFuture} stage method whose second argument is the stage's function. */
  static final class StageArgument1 {
    @Advice.OnMethodEnter
    static void enter(
        @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC)
            Object function,
        @StageKind int kind) {
      function = ContextCarrier.stage(function, kind);
    }
  }

  /**
   * The core's per-thread state, as it is created on a thread's first use of a context: the
   * thread's base context becomes the snapshot its starter left for it. The one place where the
   * agent relies on a core internal (the package-private {@code ThreadState.current}); {@code
   * ThreadStartIT} fails if it changes.
   */
  static final class ThreadCellCreated {
    @Advice.OnMethodExit
    static void exit(@Advice.FieldValue(value = "current", readOnly = false) Context current) {
      Object inherited = ContextCarrier.takeInherited();
      if (inherited != null) {
        current = (Context) inherited;
      }
    }
  }
}
