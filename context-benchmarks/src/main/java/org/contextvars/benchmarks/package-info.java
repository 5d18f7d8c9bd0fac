/**
 * JMH benchmarks of {@code org.contextvars} side by side with the JVM's other context carriers:
 * {@code ThreadLocal}, OpenTelemetry's and gRPC's {@code Context}, TransmittableThreadLocal and, on
 * JDK 25, {@code ScopedValue}. Every benchmark that has a baseline runs it in the same JMH run;
 * {@link org.contextvars.benchmarks.TargetReport} turns a result file into ratios. See README.md.
 */
@NullMarked
package org.contextvars.benchmarks;

import org.jspecify.annotations.NullMarked;
