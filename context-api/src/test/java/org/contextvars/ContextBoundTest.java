package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link ContextSwitch#isContextBound}: everything the core hands to an executor or a future
 * already bound says so, and nothing else does, so a bridge that binds tasks itself can skip them.
 */
class ContextBoundTest {

  private static final ContextVar<String> USER = ContextVar.of("user");

  @Test
  void tasksMadeByContextWrapAreBoundAndStillRunInACopy() throws Exception {
    Runnable runnable = () -> {};
    Callable<String> callable = () -> USER.orElse("<unbound>");
    Context context = new Context().with(USER, "alice");
    assertThat(ContextSwitch.isContextBound(context.wrap(runnable))).isTrue();
    Callable<String> bound = context.wrap(callable);
    assertThat(ContextSwitch.isContextBound(bound)).isTrue();
    assertThat(bound.call()).isEqualTo("alice");
    assertThat(ContextSwitch.isContextBound(runnable)).isFalse();
    assertThat(ContextSwitch.isContextBound(callable)).isFalse();
  }

  @Test
  void theLeakChecksBoundTasksAreBoundToo() {
    Context context = new Context();
    assertThat(ContextSwitch.isContextBound(LeakTracker.checked(context, () -> {}))).isTrue();
    assertThat(ContextSwitch.isContextBound(LeakTracker.checked(context, () -> "v"))).isTrue();
  }

  @Test
  void whatTheExecutorWrappersHandToTheirDelegateIsBound() throws Exception {
    List<Object> handedOver = new ArrayList<>();
    Executor recording = handedOver::add;
    ContextExecutors.wrap(recording).execute(() -> {});

    ExecutorService recordingService = new RecordingService(handedOver);
    ExecutorService wrapped = ContextExecutors.wrap(recordingService);
    wrapped.execute(() -> {});
    wrapped.submit(() -> "v").get(10, TimeUnit.SECONDS);
    wrapped.submit(() -> {}).get(10, TimeUnit.SECONDS);
    wrapped.invokeAll(List.of(() -> "a", () -> "b"));

    ContextExecutors.inheriting(
            task -> {
              handedOver.add(task);
              return new Thread(task);
            })
        .newThread(() -> {});

    assertThat(handedOver).hasSize(7).allMatch(ContextSwitch::isContextBound);
  }

  @Test
  void wrappedForkJoinTasksAreBound() {
    ForkJoinTask<String> task =
        new RecursiveTask<String>() {
          @Override
          protected String compute() {
            return "v";
          }
        };
    assertThat(ContextSwitch.isContextBound(ContextExecutors.wrap(task))).isTrue();
    assertThat(ContextSwitch.isContextBound(task)).isFalse();
  }

  @Test
  void everyStageFunctionOfAContextFutureIsBound() {
    List<Object> functions =
        List.of(
            StageFunctions.function(a -> a),
            StageFunctions.biFunction((a, b) -> a),
            StageFunctions.consumer(a -> {}),
            StageFunctions.biConsumer((a, b) -> {}),
            StageFunctions.runnable(() -> {}),
            StageFunctions.supplier(() -> "v"));
    assertThat(functions).allMatch(ContextSwitch::isContextBound);
  }

  @Test
  void nullPlainLambdasAndOtherObjectsAreNotBound() {
    Function<String, String> plain = a -> a;
    assertThat(ContextSwitch.isContextBound(null)).isFalse();
    assertThat(ContextSwitch.isContextBound(plain)).isFalse();
    assertThat(ContextSwitch.isContextBound(new Context())).isFalse();
    assertThat(ContextSwitch.isContextBound(new ContextCompletableFuture<String>())).isFalse();
    assertThat(ContextSwitch.isContextBound(CompletableFuture.completedFuture("v"))).isFalse();
    assertThat(ContextSwitch.isContextBound("a string")).isFalse();
  }

  /** Runs tasks on the calling thread and records every task it is given. */
  private static final class RecordingService extends AbstractExecutorService {
    private final List<Object> handedOver;

    RecordingService(List<Object> handedOver) {
      this.handedOver = handedOver;
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
      handedOver.add(callable);
      return super.newTaskFor(callable);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
      handedOver.add(runnable);
      return super.newTaskFor(runnable, value);
    }

    @Override
    public void execute(Runnable command) {
      if (!(command instanceof RunnableFuture)) {
        handedOver.add(command);
      }
      command.run();
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
