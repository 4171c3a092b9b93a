/**
 * Benchmarks: separate commands that print figures, never run by {@code mvn verify} and never
 * asserting timings.
 */
package dev.wsshowcase.bench;
