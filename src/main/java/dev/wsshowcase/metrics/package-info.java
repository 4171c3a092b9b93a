/**
 * What the application counts and measures, in one Micrometer registry per running
 * application: {@link dev.wsshowcase.metrics.Metrics} owns it (with the JVM's binders), names
 * every meter and bounds every label; {@link dev.wsshowcase.metrics.EndpointMeters} are the
 * meters of one endpoint, looked up once per connection.
 *
 * <p>Conventions (Prometheus): names start with {@code showcase_}, are snake_case with a unit
 * suffix, counters end in {@code _total}; a gauge is read from the state it describes, never
 * incremented by hand; labels take a small fixed set of values (endpoint, close code, reason),
 * never a user, an address or a room.
 *
 * <p>Why a package: one place that knows the meters' names and labels, which the README's table
 * documents; the packages that count call it and know nothing of Micrometer's registry. It
 * depends on nothing of the application; the HTTP side ({@code api/metrics}) is in
 * {@code operations}.
 */
package dev.wsshowcase.metrics;
