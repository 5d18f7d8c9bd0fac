/**
 * Spring filters that run each request in its own {@link org.contextvars.Context}, with bindings
 * taken from the request: {@link org.contextvars.spring.ContextVarsWebFilter} for Spring WebFlux and
 * {@link org.contextvars.spring.ContextVarsServletFilter} for Spring MVC (servlet) applications.
 */
@NullMarked
package org.contextvars.spring;

import org.jspecify.annotations.NullMarked;
