module demo.kotlin {
  requires org.contextvars.coroutines;
}
