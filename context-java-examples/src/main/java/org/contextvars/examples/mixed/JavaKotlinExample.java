package org.contextvars.examples.mixed;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.contextvars.ContextExecutors;
import org.contextvars.examples.Example;
import org.contextvars.examples.NamedThreads;

/**
 * Java calls Kotlin, and Kotlin calls Java. A Java request handler ({@link InvoiceEndpoint}) sets a
 * tenant and a request id, then calls a Kotlin service ({@link InvoiceService}) through a {@code
 * CompletableFuture}. The coroutine behind the future moves to {@code Dispatchers.IO} and to a
 * dispatcher of its own, launches children, changes the request id, and calls a Java listener on a
 * {@link ContextExecutors}-wrapped executor. Every step prints the thread it runs on and the values
 * it reads.
 *
 * <p>What the table shows, as in Python's asyncio: the coroutine starts with its caller's values
 * and keeps them on every thread; its own change is seen by its later steps, by the child it starts
 * afterwards and by the listener, but not by the child started before it, nor by the Java caller.
 */
public final class JavaKotlinExample implements Example {

  @Override
  public String name() {
    return "java-kotlin";
  }

  @Override
  public String summary() {
    return "Java calls a Kotlin coroutine, which calls Java back";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    out.println("A Java request thread sets tenant and request id, then calls a Kotlin service");
    out.println("through a CompletableFuture. The coroutine behind it changes threads, starts");
    out.println("children, sets a new request id and calls a Java callback. Each step prints");
    out.println("what it reads from the context.");
    out.println();

    ExecutorService requestThread = Executors.newSingleThreadExecutor(new NamedThreads("request"));
    ExecutorService renderThreads = Executors.newFixedThreadPool(2, new NamedThreads("render"));
    ExecutorService callbackThreads =
        ContextExecutors.wrap(Executors.newSingleThreadExecutor(new NamedThreads("callback")));
    try (InvoiceService invoices = new InvoiceService(renderThreads, callbackThreads)) {
      InvoiceEndpoint endpoint = new InvoiceEndpoint(invoices);
      StepTable steps = new StepTable(out);
      steps.printHeader();
      requestThread
          .submit(() -> endpoint.handle("acme", "r-17", "INV-7", steps))
          .get(1, TimeUnit.MINUTES); // a safety net against a hung call, not a timing
    } finally {
      for (ExecutorService pool : List.of(requestThread, renderThreads, callbackThreads)) {
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
      }
    }

    out.println();
    out.println("The coroutine kept the caller's values on every thread. Its new request id");
    out.println("reached its later steps, the child started after the change and the Java");
    out.println("callback, but not the child started before it, nor the Java caller.");
  }
}
