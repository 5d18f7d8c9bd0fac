package org.contextvars.slf4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.spi.MDCAdapter;

class LogbackEventMdcTest extends ContextTestBase {
  private static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
  private static final ContextVar<Object> DETAIL = ContextVar.of("detail");

  private final LogbackMDCAdapter delegate = new LogbackMDCAdapter();
  private final LogbackEventMdc view = over(delegate);

  private static LogbackEventMdc over(MDCAdapter delegate) {
    Map<String, ContextVar<?>> exposed = new LinkedHashMap<>();
    exposed.put("requestId", REQUEST_ID);
    exposed.put("detail", DETAIL);
    return new LogbackEventMdc(new ContextVarMdcAdapter(delegate, exposed));
  }

  @AfterEach
  void clearDelegate() {
    delegate.clear();
  }

  @Test
  void eventsSeeTheDelegatesEntriesAndTheBoundVarsReadOnly() {
    delegate.put("user", "ann");
    try (Token<String> t = REQUEST_ID.set("r-1")) {
      Map<String, String> shown = view.getPropertyMap();
      assertThat(shown).isEqualTo(Map.of("user", "ann", "requestId", "r-1"));
      assertThatThrownBy(() -> shown.put("requestId", "other"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThat(view.getKeys()).containsExactlyInAnyOrder("user", "requestId");
    }
  }

  @Test
  void nothingToShowIsNullAsInLogbacksOwnAdapter() {
    assertThat(view.getPropertyMap()).isNull();
    assertThat(view.getKeys()).isNull();
    try (Token<String> t = REQUEST_ID.set(null)) {
      assertThat(view.getPropertyMap()).as("a bound null shows nothing").isNull();
    }
  }

  @Test
  void linesShowingTheSameTextShareOneMapAndANewValueGetsItsOwn() {
    Map<String, String> first;
    try (Token<String> t = REQUEST_ID.set("r-1")) {
      first = view.getPropertyMap();
      assertThat(view.getPropertyMap()).isSameAs(first);
    }
    try (Token<String> t = REQUEST_ID.set(new String("r-1"))) {
      assertThat(view.getPropertyMap()).as("equal text, another string").isSameAs(first);
    }
    try (Token<String> t = REQUEST_ID.set("r-2")) {
      assertThat(view.getPropertyMap()).isEqualTo(Map.of("requestId", "r-2"));
    }
    assertThat(first).as("a map once handed out never changes").isEqualTo(Map.of("requestId", "r-1"));
    assertThat(view.getPropertyMap()).isNull();
  }

  @Test
  void aValueWhoseTextChangedShowsItsNewText() {
    StringBuilder detail = new StringBuilder("step-1");
    try (Token<Object> t = DETAIL.set(detail)) {
      assertThat(view.getPropertyMap()).containsEntry("detail", "step-1");
      detail.append("+2");
      assertThat(view.getPropertyMap()).containsEntry("detail", "step-1+2");
    }
  }

  @Test
  void aValueWhoseToStringThrowsShowsAMarker() {
    Object broken =
        new Object() {
          @Override
          public String toString() {
            throw new IllegalStateException("no text");
          }
        };
    try (Token<Object> t = DETAIL.set(broken)) {
      assertThat(view.getPropertyMap()).containsEntry("detail", "[FAILED toString()]");
    }
  }

  @Test
  void aChangeInTheDelegatesEntriesIsShownAtOnce() {
    try (Token<String> t = REQUEST_ID.set("r-1")) {
      Map<String, String> before = view.getPropertyMap();
      view.put("step", "two");
      assertThat(view.getPropertyMap()).isEqualTo(Map.of("requestId", "r-1", "step", "two"));
      view.remove("step");
      assertThat(view.getPropertyMap()).isEqualTo(before);
    }
  }

  @Test
  void anExposedKeyWrittenIntoTheDelegateDirectlyIsNotShown() {
    delegate.put("requestId", "stale");
    assertThat(view.getPropertyMap()).isNull();
    try (Token<String> t = REQUEST_ID.set("r-1")) {
      assertThat(view.getPropertyMap()).isEqualTo(Map.of("requestId", "r-1"));
    }
  }

  @Test
  void anyOtherDelegateIsReadThroughItsCopy() {
    BasicMDCAdapter basic = new BasicMDCAdapter();
    LogbackEventMdc basicView = over(basic);
    basic.put("user", "ann");
    try (Token<String> t = REQUEST_ID.set("r-1")) {
      Map<String, String> first = basicView.getPropertyMap();
      assertThat(first).isEqualTo(Map.of("user", "ann", "requestId", "r-1"));
      assertThat(basicView.getPropertyMap()).as("equal entries, reused").isSameAs(first);
      basic.put("user", "bob");
      assertThat(basicView.getPropertyMap()).containsEntry("user", "bob");
    } finally {
      basic.clear();
    }
  }

  @Test
  void everyOtherCallGoesToTheOverlay() {
    try (Token<String> t = REQUEST_ID.set("r-1")) {
      view.put("requestId", "ignored: the variable's key");
      view.put("user", "ann");
      assertThat(view.get("requestId")).isEqualTo("r-1");
      assertThat(delegate.get("requestId")).isNull();
      assertThat(view.get("user")).isEqualTo("ann");

      Map<String, String> copy = view.getCopyOfContextMap();
      assertThat(copy).isEqualTo(Map.of("requestId", "r-1", "user", "ann"));
      copy.put("extra", "mutable, as the contract says");
      assertThat(view.get("extra")).isNull();

      view.clear();
      assertThat(view.get("user")).isNull();
      view.setContextMap(new HashMap<>(Map.of("requestId", "not stored", "region", "eu")));
      assertThat(delegate.getCopyOfContextMap()).isEqualTo(Map.of("region", "eu"));

      view.pushByKey("stack", "a");
      view.pushByKey("stack", "b");
      assertThat(delegate.getCopyOfDequeByKey("stack")).containsExactly("b", "a");
      assertThat(view.popByKey("stack")).isEqualTo("b");
      assertThat(view.getCopyOfDequeByKey("stack")).containsExactly("a");
      view.clearDequeByKey("stack");
      assertThat(delegate.getCopyOfDequeByKey("stack")).isNullOrEmpty();
      assertThat(view.toString()).contains("requestId").contains("detail");
    }
  }

  @Test
  void manyThreadsSharingSlotsEachSeeTheirOwnValues() throws Exception {
    int threads = 48; // three per slot
    int lines = STRESS ? 50_000 : 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(threads);
      List<Future<?>> results = new ArrayList<>();
      for (int n = 0; n < threads; n++) {
        String thread = "t" + n;
        results.add(
            pool.submit(
                () -> {
                  start.countDown();
                  start.await();
                  new Context()
                      .call(
                          () -> {
                            for (int i = 0; i < lines; i++) {
                              String id = thread + "-" + (i / 4); // four lines per request
                              REQUEST_ID.set(id);
                              assertThat(view.getPropertyMap()).isEqualTo(Map.of("requestId", id));
                            }
                            return null;
                          });
                  return null;
                }));
      }
      for (Future<?> result : results) {
        result.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
