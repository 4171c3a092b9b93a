/**
 * What the feature packages share: the application's lifecycle and configuration
 * ({@link dev.wsshowcase.shared.Showcase}, {@link dev.wsshowcase.shared.Settings}) and the one
 * way every endpoint talks to a client ({@link dev.wsshowcase.shared.SessionSender}).
 *
 * <p>Nothing here knows about echo, clock or chat; the feature packages depend on this one,
 * never the other way round.
 */
package dev.wsshowcase.shared;
