/**
 * Python's {@code contextvars} (PEP 567) for the JVM.
 *
 * <p>Only {@code org.contextvars} is API. The implementation package is opened to the Kotlin
 * coroutine bridge alone, which must install a coroutine's context on resumption without the
 * entered-check that {@code Context.run} performs.
 */
module org.contextvars {
  requires static transitive org.jspecify;
  // The default leak-check listener logs through java.util.logging, which Android also has.
  requires java.logging;

  exports org.contextvars;
  exports org.contextvars.internal to
      org.contextvars.coroutines;
}
