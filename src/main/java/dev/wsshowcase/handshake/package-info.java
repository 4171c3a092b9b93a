/**
 * The opening handshake of every endpoint, before a connection exists:
 * {@link dev.wsshowcase.handshake.ShowcaseConfigurator} (the Origin check, the client's address,
 * compression), which decides with {@link dev.wsshowcase.handshake.OriginPolicy} and
 * {@link dev.wsshowcase.handshake.ForwardedHeaders} on the request that
 * {@link dev.wsshowcase.handshake.HandshakeRequests} captured; the
 * {@link dev.wsshowcase.handshake.HandshakeUriFilter} that answers a malformed request URI with
 * 400 (its refusals logged through a {@link dev.wsshowcase.logging.RateLimitedLog}); and
 * {@link dev.wsshowcase.handshake.QueryParameters}, how the endpoints read the handshake's query.
 * {@link dev.wsshowcase.handshake.HandshakeSettings} are its settings.
 *
 * <p>Why a package: the handshake is plain HTTP, with its own threats (cross-site pages,
 * spoofed proxy headers, URIs the containers fail on) and its own settings; nothing here
 * handles a WebSocket message.
 */
package dev.wsshowcase.handshake;
