module demo.micrometer {
  requires org.contextvars;
  requires context.propagation;
}
