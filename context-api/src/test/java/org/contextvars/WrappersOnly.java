package org.contextvars;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that holds only where work is handed over through the wrappers, so the run without
 * wrappers under the Java agent ({@link Handoff#PLAIN}) leaves it out: the wrappers' own API (null
 * checks, {@code toString}, {@code adopt}, capture when a task is wrapped rather than submitted)
 * and plain JDK behaviour that the agent changes on purpose (a plain thread starting empty).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("wrappers-only")
public @interface WrappersOnly {}
