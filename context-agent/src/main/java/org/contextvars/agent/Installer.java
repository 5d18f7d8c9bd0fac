package org.contextvars.agent;

import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TimerTask;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ForkJoinTask;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.asm.MemberSubstitution;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;
import org.contextvars.agent.bootstrap.ContextCarrier;
import org.contextvars.agent.bootstrap.StageKinds;

/** Installs the bridge's propagation and instruments the JDK classes that hand work to threads. */
final class Installer {

  private static final String[] TARGETS = {
    "java.util.concurrent.AbstractExecutorService",
    "java.util.concurrent.ThreadPoolExecutor",
    "java.util.concurrent.ScheduledThreadPoolExecutor",
    "java.util.concurrent.ForkJoinPool",
    "java.util.concurrent.ForkJoinTask",
    "java.util.concurrent.ThreadPerTaskExecutor",
    "java.util.concurrent.CompletableFuture",
    "java.lang.Thread",
    "java.lang.VirtualThread",
    "java.util.Timer",
    "java.util.TimerThread",
    "org.contextvars.ThreadState",
  };

  private Installer() {}

  static void install(Instrumentation inst, AgentSettings settings) throws Exception {
    if (ContextCarrier.class.getClassLoader() != null) {
      throw new IllegalStateException("the agent's bridge was loaded before it reached the bootstrap class path");
    }
    if (!ContextCarrier.install(new CorePropagation(), settings.executorFilter(), settings.threadsInherit)) {
      StartupLog.print("already running in this JVM: nothing more instrumented");
      return;
    }
    Method runTimerTask = ContextCarrier.class.getMethod("runTimerTask", TimerTask.class);
    long start = System.nanoTime();
    Set<String> transformed = new ConcurrentSkipListSet<>();
    Set<String> failures = new ConcurrentSkipListSet<>();
    AgentBuilder builder =
        new AgentBuilder.Default(
                // Only declared methods are instrumented: walking the supertypes would fail on
                // interfaces that another agent added and that this agent's type pool cannot see.
                new ByteBuddy()
                    .with(TypeValidation.DISABLED)
                    .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE))
            .disableClassFormatChanges()
            // Advice is inlined: no helper class is ever injected, so Byte Buddy needs no Unsafe.
            .with(AgentBuilder.InjectionStrategy.Disabled.INSTANCE)
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            // One class per batch: a class that cannot be retransformed must not hold back others.
            .with(AgentBuilder.RedefinitionStrategy.BatchAllocator.ForFixedSize.ofSize(1))
            .with(new BatchFailures(failures))
            // Judged by name first, so that retransforming the JVM's loaded classes stays cheap.
            .ignore(not(namedOneOf(TARGETS)))
            .with(new Recorder(transformed, failures))
            .with(Boolean.getBoolean("contextvars.agent.debug") ? AgentBuilder.Listener.StreamWriting.toSystemError() : AgentBuilder.Listener.NoOp.INSTANCE);

    builder =
        builder
            .type(named("java.util.concurrent.AbstractExecutorService"))
            .transform(
                visit(
                    advice(
                        Advices.SubmitRunnable.class,
                        named("submit").and(takesArgument(0, Runnable.class))),
                    advice(
                        Advices.SubmitCallable.class,
                        named("submit").and(takesArgument(0, Callable.class))),
                    advice(
                        Advices.SubmitCollection.class,
                        namedOneOf("invokeAll", "invokeAny").and(takesArgument(0, Collection.class)))))
            .type(named("java.util.concurrent.ThreadPoolExecutor"))
            .transform(
                visit(
                    advice(Advices.RunnableArgument.class, named("execute").and(takesArguments(Runnable.class))),
                    advice(Advices.WorkerCreation.class, named("addWorker"))))
            .type(named("java.util.concurrent.ScheduledThreadPoolExecutor"))
            .transform(visit(scheduling()))
            .type(named("java.util.concurrent.ForkJoinPool"))
            .transform(
                visit(
                    advice(
                        Advices.RunnableArgument.class,
                        namedOneOf("execute", "submit").and(takesArgument(0, Runnable.class))),
                    advice(
                        Advices.CallableArgument.class,
                        namedOneOf("submit", "submitWithTimeout").and(takesArgument(0, Callable.class))),
                    advice(
                        Advices.ForkJoinTaskArgument.class,
                        namedOneOf("execute", "submit", "invoke", "externalSubmit", "lazySubmit")
                            .and(isPublic())
                            .and(takesArgument(0, ForkJoinTask.class))),
                    advice(
                        Advices.TaskCollectionArgument.class,
                        namedOneOf("invokeAll", "invokeAny", "invokeAllUninterruptibly")
                            .and(takesArgument(0, Collection.class))),
                    scheduling()))
            .type(named("java.util.concurrent.ForkJoinTask"))
            .transform(
                visit(
                    advice(Advices.Fork.class, named("fork").and(takesNoArguments())),
                    advice(Advices.ForkJoinExec.class, named("doExec").and(takesNoArguments()))))
            .type(named("java.util.concurrent.ThreadPerTaskExecutor"))
            .transform(
                visit(
                    advice(Advices.RunnableArgument.class, named("execute").and(takesArguments(Runnable.class))),
                    advice(Advices.CallableArgument.class, named("submit").and(takesArguments(Callable.class))),
                    advice(
                        Advices.TaskCollectionArgument.class,
                        named("invokeAny").and(takesArgument(0, Collection.class))),
                    // The task is bound; its thread need not inherit too.
                    advice(
                        Advices.WorkerCreation.class,
                        named("execute")
                            .and(takesArguments(Runnable.class))
                            .or(named("submit").and(takesArguments(Callable.class)))
                            .or(named("invokeAny")))))
            .type(namedOneOf("java.lang.Thread", "java.lang.VirtualThread"))
            .transform(visit(advice(Advices.ThreadStart.class, named("start"))))
            .type(named("java.util.Timer"))
            .transform(
                visit(
                    advice(
                        Advices.TimerSchedule.class,
                        named("sched").and(takesArgument(0, TimerTask.class)))))
            .type(named("java.util.TimerThread"))
            .transform(
                (b, type, loader, module, domain) ->
                    b.visit(
                        MemberSubstitution.relaxed()
                            .method(
                                named("run")
                                    .and(takesNoArguments())
                                    .and(isDeclaredBy(named("java.util.TimerTask"))))
                            .replaceWith(runTimerTask)
                            .on(named("mainLoop"))))
            .type(named("java.util.concurrent.CompletableFuture"))
            .transform(visit(stages()))
            .type(
                named("org.contextvars.ThreadState"),
                is(ClassLoader.getSystemClassLoader()))
            .transform(visit(advice(Advices.ThreadCellCreated.class, isConstructor())));

    builder.installOn(inst);
    retransformMissed(inst, transformed, failures);
    long millis = (System.nanoTime() - start) / 1_000_000;
    StartupLog.print(
        "propagating context through ThreadPoolExecutor, ScheduledThreadPoolExecutor, ForkJoinPool,"
            + " ForkJoinTask.fork, virtual-thread-per-task executors, Timer, CompletableFuture"
            + (settings.threadsInherit ? ", Thread.start" : "")
            + " ("
            + settings.describe()
            + "); "
            + transformed.size()
            + " loaded classes instrumented in "
            + millis
            + " ms: "
            + simpleNames(transformed)
            + (failures.isEmpty() ? "" : "; FAILED: " + simpleNames(failures)));
  }

  /**
   * Retransforms target classes that were loaded while the agent was being installed, for example
   * ForkJoinPool, which the verifier loads while ForkJoinTask is being retransformed: the
   * transformer skips classes that load during its own work.
   */
  private static void retransformMissed(
      Instrumentation inst, Set<String> transformed, Set<String> failures) {
    Set<String> targets = Set.of(TARGETS);
    for (Class<?> type : inst.getAllLoadedClasses()) {
      String name = type.getName();
      if (targets.contains(name)
          && !transformed.contains(name)
          && !failures.contains(name)
          && (type.getClassLoader() == null
              || type.getClassLoader() == ClassLoader.getSystemClassLoader())) {
        try {
          inst.retransformClasses(type);
        } catch (Exception | LinkageError failure) {
          failures.add(name);
          StartupLog.print("could not retransform " + name + ": " + failure);
        }
      }
    }
  }

  private static String simpleNames(Set<String> names) {
    Set<String> simple = new TreeSet<>();
    for (String name : names) {
      simple.add(name.substring(name.lastIndexOf('.') + 1));
    }
    return String.join(", ", simple);
  }

  private static AgentBuilder.Transformer visit(AsmVisitorWrapper... wrappers) {
    return (b, type, loader, module, domain) -> {
      DynamicType.Builder<?> result = b;
      for (AsmVisitorWrapper wrapper : wrappers) {
        result = result.visit(wrapper);
      }
      return result;
    };
  }

  private static AsmVisitorWrapper advice(
      Class<?> adviceType, ElementMatcher<? super MethodDescription> methods) {
    return Advice.to(adviceType).on(methods);
  }

  /** The four scheduling methods, on ScheduledThreadPoolExecutor and on JDK 25's ForkJoinPool. */
  private static AsmVisitorWrapper scheduling() {
    return new AsmVisitorWrapper.Compound(
        advice(
            Advices.RunnableArgument.class,
            namedOneOf("schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay")
                .and(takesArgument(0, Runnable.class))),
        advice(
            Advices.CallableArgument.class,
            named("schedule").and(takesArgument(0, Callable.class))));
  }

  private static AsmVisitorWrapper stages() {
    return new AsmVisitorWrapper.Compound(
        stage(Function.class, StageKinds.FUNCTION),
        stage(BiFunction.class, StageKinds.BI_FUNCTION),
        stage(Consumer.class, StageKinds.CONSUMER),
        stage(BiConsumer.class, StageKinds.BI_CONSUMER),
        stage(Runnable.class, StageKinds.RUNNABLE),
        stage(Supplier.class, StageKinds.SUPPLIER));
  }

  /** Every public stage method whose first or second argument is a {@code function}. */
  private static AsmVisitorWrapper stage(Class<?> function, int kind) {
    Advice.WithCustomMapping mapping = Advice.withCustomMapping().bind(StageKind.class, kind);
    ElementMatcher.Junction<MethodDescription> stageMethods = isPublic().and(not(isBridge()));
    return new AsmVisitorWrapper.Compound(
        mapping.to(Advices.StageArgument0.class).on(stageMethods.and(takesArgument(0, function))),
        mapping.to(Advices.StageArgument1.class).on(stageMethods.and(takesArgument(1, function))));
  }

  /** Says which loaded classes the JVM refused to retransform, and why. */
  private static final class BatchFailures extends AgentBuilder.RedefinitionStrategy.Listener.Adapter {
    private final Set<String> failures;

    BatchFailures(Set<String> failures) {
      this.failures = failures;
    }

    @Override
    public Iterable<? extends List<Class<?>>> onError(
        int index, List<Class<?>> batch, Throwable throwable, List<Class<?>> types) {
      for (Class<?> type : batch) {
        failures.add(type.getName());
        StartupLog.print("could not retransform " + type.getName() + ": " + throwable);
      }
      return List.of();
    }
  }

  /** Collects what was instrumented for the start-up line, and says at once what failed. */
  private static final class Recorder extends AgentBuilder.Listener.Adapter {
    private final Set<String> transformed;
    private final Set<String> failures;

    Recorder(Set<String> transformed, Set<String> failures) {
      this.transformed = transformed;
      this.failures = failures;
    }

    @Override
    public void onTransformation(
        TypeDescription type,
        ClassLoader loader,
        JavaModule module,
        boolean loaded,
        DynamicType dynamicType) {
      transformed.add(type.getName());
    }

    @Override
    public void onError(
        String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
      failures.add(typeName);
      StartupLog.print("could not instrument " + typeName + ": " + error);
    }
  }
}
