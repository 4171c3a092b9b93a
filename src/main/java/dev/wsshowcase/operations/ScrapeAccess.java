package dev.wsshowcase.operations;

import dev.wsshowcase.application.Settings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who may scrape the metrics: loopback always; the addresses and ranges of
 * {@link OperationsSettings#METRICS_ALLOWED}; and anyone presenting the bearer token of
 * {@link OperationsSettings#METRICS_TOKEN} (compared in constant time). Everyone else gets 403.
 * Immutable and thread-safe.
 */
final class ScrapeAccess {

    private final Addresses allowed;
    private final byte[] token;

    ScrapeAccess(Addresses allowed, String token) {
        this.allowed = allowed;
        this.token = token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    static ScrapeAccess of(Settings settings) {
        return new ScrapeAccess(settings.get(OperationsSettings.METRICS_ALLOWED), settings.get(OperationsSettings.METRICS_TOKEN));
    }

    /**
     * @param address       the client's address (an IP literal), or null if unknown
     * @param authorization the request's {@code Authorization} header, or null
     */
    boolean allows(String address, String authorization) {
        if (token != null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(given, token)) {
                return true;
            }
        }
        if (address == null) {
            return false;
        }
        byte[] ip = Addresses.literal(address);
        if (ip == null) {
            return false;
        }
        return isLoopback(ip) || allowed.contains(ip);
    }

    private static boolean isLoopback(byte[] ip) {
        if (ip.length == 4) {
            return ip[0] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[15] == 1;
    }

    /** A list of IP addresses and CIDR ranges ({@code 192.0.2.7}, {@code 10.0.0.0/8}, {@code 2001:db8::/32}). */
    static final class Addresses {

        private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
        private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

        private record Range(byte[] network, int bits) {
            boolean contains(byte[] ip) {
                if (ip.length != network.length) {
                    return false;
                }
                for (int bit = 0; bit < bits; bit++) {
                    int mask = 0x80 >>> (bit % 8);
                    if ((ip[bit / 8] & mask) != (network[bit / 8] & mask)) {
                        return false;
                    }
                }
                return true;
            }
        }

        private final List<Range> ranges;

        private Addresses(List<Range> ranges) {
            this.ranges = List.copyOf(ranges);
        }

        static Addresses parse(String text) {
            List<Range> ranges = new ArrayList<>();
            for (String item : text.split("[,\\s]+")) {
                if (item.isEmpty()) {
                    continue;
                }
                int slash = item.indexOf('/');
                byte[] ip = literal(slash >= 0 ? item.substring(0, slash) : item);
                if (ip == null) {
                    throw new IllegalArgumentException("'" + item + "' is not an IP address or a range such as 10.0.0.0/8");
                }
                int bits = ip.length * 8;
                if (slash >= 0) {
                    try {
                        bits = Integer.parseInt(item.substring(slash + 1));
                    } catch (NumberFormatException e) {
                        bits = -1;
                    }
                    if (bits < 0 || bits > ip.length * 8) {
                        throw new IllegalArgumentException("'" + item + "' has a prefix length outside 0 to " + ip.length * 8);
                    }
                }
                ranges.add(new Range(ip, bits));
            }
            return new Addresses(ranges);
        }

        boolean contains(byte[] ip) {
            return ranges.stream().anyMatch(range -> range.contains(ip));
        }

        /**
         * The bytes of an IP literal (4 or 16; an IPv4-mapped IPv6 address gives 4), or null if
         * {@code text} is not one. Never a name lookup: only text shaped like an address is parsed.
         */
        static byte[] literal(String text) {
            String address = text.trim();
            if (address.startsWith("[") && address.endsWith("]")) {
                address = address.substring(1, address.length() - 1);
            }
            int zone = address.indexOf('%');
            if (zone >= 0) {
                address = address.substring(0, zone);
            }
            if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
                return null;
            }
            try {
                return InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
    }
}
