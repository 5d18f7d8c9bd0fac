module demo.slf4j {
  requires org.contextvars;
  requires org.contextvars.slf4j;
  requires org.slf4j;
}
