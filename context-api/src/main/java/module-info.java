/**
 * Python's {@code contextvars} (PEP 567) for the JVM.
 *
 * <p>Only {@code org.contextvars} is exported. Bridges that must enter a context without {@code
 * Context.run}'s lexical block (the Kotlin coroutine element, the Micrometer accessor) use its one
 * delicate entry point, {@code ContextSwitch}.
 */
module org.contextvars {
  requires static transitive org.jspecify;
  // The default leak-check listener logs through java.util.logging, which Android also has.
  requires java.logging;

  exports org.contextvars;
}
