/**
 * A connection the application took, from the moment it opens: the
 * {@link dev.wsshowcase.connection.Connections} registry that counts connections against the
 * limits, the {@link dev.wsshowcase.connection.Admission} an opening gives (admitted, or refused
 * with 1013), and the admitted {@link dev.wsshowcase.connection.Connection} with its sender,
 * its liveness and the per-message pattern every endpoint follows (the client was heard, the
 * handler runs, a bug closes this connection alone with 1011; a binary message where only text
 * is taken closes with 1003).
 *
 * <p>Why a package: every endpoint opens, takes messages and closes the same way; this is that
 * way, once. It depends on {@code send} and {@code liveness}, never on a feature.
 */
package dev.wsshowcase.connection;
