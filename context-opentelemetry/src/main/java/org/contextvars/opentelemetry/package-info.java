/**
 * Carries chosen {@link org.contextvars.ContextVar}s as OpenTelemetry {@code Baggage}, so that their
 * values cross process boundaries through OpenTelemetry's propagators (W3C {@code baggage} header by
 * default).
 *
 * <pre>{@code
 * static final ContextVar<String> TENANT = ContextVar.of("tenant");
 * static final BaggageVars BAGGAGE = BaggageVars.builder().add(TENANT, "tenant").build();
 *
 * // client: headers carry "baggage: tenant=acme"
 * BAGGAGE.inject(headers, (map, key, value) -> map.put(key, value));
 * // server: TENANT.get() is "acme" inside the block, and unbound again after it
 * BAGGAGE.extractAndRun(headers, getter, () -> handle(request));
 * }</pre>
 */
@NullMarked
package org.contextvars.opentelemetry;

import org.jspecify.annotations.NullMarked;
