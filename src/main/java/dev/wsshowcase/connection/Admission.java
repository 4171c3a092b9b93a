package dev.wsshowcase.connection;

/**
 * What opening a connection gave: the connection, or a refusal. An endpoint keeps state only
 * for an {@link Admitted} connection; a {@link Refused} one is already closing with 1013 (try
 * again later) and its callbacks must do nothing.
 */
public sealed interface Admission {

    /** Taken: counted against the limits and watched by the keepalive. */
    record Admitted(Connection connection) implements Admission {
    }

    /** Past a connection limit; {@code reason} is the close reason phrase the client got with 1013. */
    record Refused(String reason) implements Admission {
    }
}
