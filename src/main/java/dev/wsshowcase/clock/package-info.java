/**
 * The clock endpoint: the server pushes the time to every client from one application-wide
 * ticker, at a per-client interval and in a per-client zone, and answers time-sync requests.
 *
 * <p>{@link dev.wsshowcase.clock.ClockEndpoint} adapts the container's callbacks;
 * {@link dev.wsshowcase.clock.ClockSession} owns one connection's settings and commands;
 * {@link dev.wsshowcase.clock.Clock} owns the ticker and the subscribers, grouped by settings
 * so that each tick is serialized once per group.
 */
package dev.wsshowcase.clock;
