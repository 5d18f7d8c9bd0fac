module demo.core {
  requires org.contextvars;
}
