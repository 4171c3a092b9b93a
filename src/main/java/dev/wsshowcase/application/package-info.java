/**
 * The running application: its lifecycle, the threads it owns and the services it keeps
 * ({@link dev.wsshowcase.application.Showcase}), and its configuration
 * ({@link dev.wsshowcase.application.Setting}, and {@link dev.wsshowcase.application.Settings}
 * which loads a given list of them from system properties, the environment and context
 * parameters). {@link dev.wsshowcase.application.ApplicationSettings} are the settings read
 * here: the connection limits, the send queues, the keepalive.
 *
 * <p>Why a package: one owner for what lives as long as the web application. It opens every
 * connection (sender, liveness, admission) and stops them all; it never depends on the handshake
 * nor on a feature, which keep their application-wide state in its services.
 */
package dev.wsshowcase.application;
