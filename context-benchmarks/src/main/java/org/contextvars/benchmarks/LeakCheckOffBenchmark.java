package org.contextvars.benchmarks;

import org.openjdk.jmh.annotations.Fork;

/** {@link LeakCheckBenchmark} in a JVM without the leak check: the cost every user pays. */
@Fork(1)
public class LeakCheckOffBenchmark extends LeakCheckBenchmark {}
