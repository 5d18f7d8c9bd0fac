/**
 * Context variables that follow Kotlin coroutines through suspension and resumption.
 *
 * <p>A Java or Kotlin module needs only {@code requires org.contextvars.coroutines;}: the core
 * module and kotlinx.coroutines, whose types appear in this module's API, come with it.
 */
module org.contextvars.coroutines {
  requires transitive org.contextvars;
  requires transitive kotlin.stdlib;
  requires transitive kotlinx.coroutines.core;

  exports org.contextvars.coroutines;
}
