package org.contextvars.benchmarks;

import org.openjdk.jmh.annotations.Fork;

/** {@link LeakCheckBenchmark} in a JVM with {@code -Dorg.contextvars.leakCheck=true}. */
@Fork(value = 1, jvmArgsAppend = "-Dorg.contextvars.leakCheck=true")
public class LeakCheckOnBenchmark extends LeakCheckBenchmark {}
