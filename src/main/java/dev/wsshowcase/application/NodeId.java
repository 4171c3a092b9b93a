package dev.wsshowcase.application;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The node's name ({@code showcase.node.id}): as configured, or made from the host's name at each start. */
final class NodeId {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private NodeId() {
    }

    /** The configured name, trimmed; empty means "make one" ({@link #orDefault}). */
    static String parse(String text) {
        String id = text.trim();
        if (!id.isEmpty() && !VALID.matcher(id).matches()) {
            throw new IllegalArgumentException("expected 1 to 64 letters, digits, '.', '_', ':' or '-'");
        }
        return id;
    }

    /** {@code configured}, or the host's name and 6 random hex digits. */
    static String orDefault(String configured) {
        if (!configured.isEmpty()) {
            return configured;
        }
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "node";
            }
        }
        String safe = host.replaceAll("[^A-Za-z0-9._:-]", "-");
        if (safe.length() > 57) {
            safe = safe.substring(0, 57);
        }
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return safe + "-" + HexFormat.of().formatHex(random);
    }
}
