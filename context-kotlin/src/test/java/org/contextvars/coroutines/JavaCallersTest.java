package org.contextvars.coroutines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import kotlinx.coroutines.CoroutineScope;
import kotlinx.coroutines.CoroutineScopeKt;
import kotlinx.coroutines.Dispatchers;
import org.contextvars.Context;
import org.contextvars.ContextExecutors;
import org.contextvars.Token;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Java code calling into coroutines: the caller's context follows the call. */
class JavaCallersTest {

  @AfterEach
  void testThreadIsBackToAnEmptyContext() {
    assertTrue(Context.copyCurrent().isEmpty(), () -> "left " + Context.copyCurrent());
  }

  @Test
  void aJavaCallerContextReachesTheCoroutineBehindACompletableFuture() throws Exception {
    try (GreetingService service = new GreetingService();
        Token<String> user = GreetingService.USER.set("ada")) {
      assertEquals("hello ada", service.greetAsync().get(10, TimeUnit.SECONDS));
      assertEquals("hello ada", service.greetWithScopeAsync().get(10, TimeUnit.SECONDS));
      assertEquals("ada", GreetingService.USER.get(), "the coroutine's set stays in the coroutine");
    }
  }

  @Test
  void concurrentJavaCallersEachGetTheirOwnValue() throws Exception {
    ExecutorService callers = ContextExecutors.wrap(Executors.newFixedThreadPool(4));
    try (GreetingService service = new GreetingService()) {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String name = "user-" + i;
        results.add(
            callers.submit(
                () -> {
                  try (Token<String> user = GreetingService.USER.set(name)) {
                    return service.greetAsync().join();
                  }
                }));
      }
      for (int i = 0; i < results.size(); i++) {
        assertEquals("hello user-" + i, results.get(i).get(10, TimeUnit.SECONDS));
      }
    } finally {
      callers.shutdown();
    }
  }

  @Test
  void theJavaFacingFactoriesAreCallableFromJava() {
    CoroutineScope scope = ContextScopes.create(Dispatchers.getIO());
    assertNotNull(scope.getCoroutineContext().get(ContextElement.Key));
    CoroutineScopeKt.cancel(scope, null);

    ContextElement capturing = ContextElements.ContextElement();
    ContextElement copying = ContextElements.asContextElement(new Context());
    ContextElement binding =
        ContextElements.ContextElement(ContextVarBindings.boundTo(GreetingService.USER, "grace"));
    ContextElement single = ContextElements.asContextElement(GreetingService.USER, "grace");
    for (ContextElement element : List.of(capturing, copying, binding, single)) {
      assertEquals(ContextElement.Key, element.getKey());
    }
  }
}
