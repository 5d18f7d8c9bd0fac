/**
 * jcstress tests of the core's memory-model promises: a {@link org.contextvars.Context} published
 * through a data race is never seen without its bindings, a context read by one thread while another
 * runs code in it shows only values that were set, in the order they were set, and two threads never
 * run one context at once.
 *
 * <p>Each test catches what its actions throw and reports it as a forbidden outcome, so a failure is
 * a counted result in the jcstress report rather than a crashed fork.
 */
package org.contextvars.stress;
