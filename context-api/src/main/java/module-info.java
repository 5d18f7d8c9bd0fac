/**
 * Python's {@code contextvars} (PEP 567) for the JVM.
 *
 * <p>Only {@code org.contextvars} is API. The implementation package is exported only to the
 * Kotlin coroutine bridge and the Micrometer bridge, which install a context on resumption or for a
 * propagation scope without the lexical block and entered-check of {@code Context.run}.
 */
module org.contextvars {
  // Compile-time only, and not passed on: a module that reads this one compiles without JSpecify.
  requires static org.jspecify;
  // The default leak-check listener logs through java.util.logging, which Android also has.
  requires java.logging;

  exports org.contextvars;
  exports org.contextvars.internal to
      org.contextvars.coroutines,
      org.contextvars.micrometer;
}
