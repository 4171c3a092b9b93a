/**
 * Log lines that clients can cause as often as they like (a refused handshake, a malformed
 * request), written at a bounded rate: {@link dev.wsshowcase.logging.RateLimitedLog}.
 *
 * <p>Why a package: the handshake and the connection limits both refuse clients, and neither
 * should depend on the other to say so. It depends on nothing of the application.
 */
package dev.wsshowcase.logging;
