/**
 * Whether each client is still there: one {@link dev.wsshowcase.liveness.Liveness} per
 * connection (when it was last heard, the ping it awaits, the decision to ping or drop it),
 * checked periodically by the application's {@link dev.wsshowcase.liveness.Keepalive}, which
 * also keeps quiet connections open through proxies' idle timeouts.
 *
 * <p>Why a package: the keepalive rules are a policy on top of the sending queue, which only
 * carries the pings; they depend on {@code send} and on nothing else of the application.
 */
package dev.wsshowcase.liveness;
