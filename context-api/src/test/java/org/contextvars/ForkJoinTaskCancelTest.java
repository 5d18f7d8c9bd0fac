package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveTask;
import org.junit.jupiter.api.Test;

/** Cancelling a wrapped fork/join task answers as a fork/join task does, and reaches the task. */
class ForkJoinTaskCancelTest {

  @Test
  void cancellingANotYetRunTaskCancelsBothAndSaysSo() {
    ForkJoinTask<String> task = constant("never");
    ForkJoinTask<String> wrapped = ContextExecutors.wrap(task);
    assertThat(wrapped.cancel(false)).isTrue();
    assertThat(wrapped.isCancelled()).isTrue();
    assertThat(task.isCancelled()).isTrue();
  }

  @Test
  void cancellingACompletedTaskChangesNothingAndSaysSo() {
    ForkJoinPool pool = new ForkJoinPool(1);
    try {
      ForkJoinTask<String> wrapped = ContextExecutors.wrap(constant("done"));
      assertThat(pool.invoke(wrapped)).isEqualTo("done");
      assertThat(wrapped.cancel(true)).isFalse();
      assertThat(wrapped.isCancelled()).isFalse();
      assertThat(wrapped.join()).isEqualTo("done");
    } finally {
      pool.shutdownNow();
    }
  }

  private static ForkJoinTask<String> constant(String value) {
    return new RecursiveTask<String>() {
      private static final long serialVersionUID = 1L;

      @Override
      protected String compute() {
        return value;
      }
    };
  }
}
