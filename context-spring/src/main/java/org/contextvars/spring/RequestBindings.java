package org.contextvars.spring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.contextvars.Context;
import org.contextvars.ContextVar;

/**
 * The variables a filter binds for each request, and how their values are read from the request.
 * Immutable: {@link #plus} returns a new list.
 */
final class RequestBindings<R> {

  private record Binding<R, T>(ContextVar<T> var, Function<? super R, ? extends T> value) {
    Context addTo(Context context, R request) {
      return context.with(var, value.apply(request));
    }
  }

  private static final RequestBindings<?> NONE = new RequestBindings<>(List.of());

  private final List<Binding<R, ?>> bindings;

  private RequestBindings(List<Binding<R, ?>> bindings) {
    this.bindings = bindings;
  }

  @SuppressWarnings("unchecked")
  static <R> RequestBindings<R> none() {
    return (RequestBindings<R>) NONE;
  }

  <T> RequestBindings<R> plus(ContextVar<T> var, Function<? super R, ? extends T> value) {
    Objects.requireNonNull(var, "var must not be null");
    Objects.requireNonNull(value, "the function giving " + var.name() + " its value must not be null");
    List<Binding<R, ?>> next = new ArrayList<>(bindings);
    next.add(new Binding<>(var, value));
    return new RequestBindings<>(Collections.unmodifiableList(next));
  }

  /** {@code base} plus one binding per variable, in the order they were added; base unchanged. */
  Context applyTo(Context base, R request) {
    Context context = base;
    for (Binding<R, ?> binding : bindings) {
      context = binding.addTo(context, request);
    }
    return context;
  }

  List<String> names() {
    List<String> names = new ArrayList<>(bindings.size());
    for (Binding<R, ?> binding : bindings) {
      names.add(binding.var().name());
    }
    return names;
  }
}
