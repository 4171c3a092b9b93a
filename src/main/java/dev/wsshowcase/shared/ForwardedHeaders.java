package dev.wsshowcase.shared;

/**
 * Reading the headers a proxy adds ({@code Forwarded}, RFC 7239, and the {@code X-Forwarded-*}
 * family): always the first element, the one the proxy nearest the client wrote. Whether to
 * believe them at all is {@link Settings#PROXY_TRUSTED}'s call, made by the callers.
 */
final class ForwardedHeaders {

    private ForwardedHeaders() {
    }

    /** The first value of a comma-separated header such as {@code X-Forwarded-For}, or null. */
    static String firstValue(String header) {
        if (header == null) {
            return null;
        }
        String first = header.split(",", 2)[0].trim();
        return first.isEmpty() ? null : first;
    }

    /** A parameter ({@code for}, {@code proto}, {@code host}) of the first element of a {@code Forwarded} header, unquoted; or null. */
    static String parameter(String forwarded, String name) {
        if (forwarded == null) {
            return null;
        }
        for (String pair : forwarded.split(",", 2)[0].split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).trim().equalsIgnoreCase(name)) {
                String value = pair.substring(equals + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }
}
