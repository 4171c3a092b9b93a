package dev.wsshowcase.chat.redis;

import dev.wsshowcase.send.Outbound;

/**
 * One event of a room as Redis published it: {@code "<pub> <epoch> <kind> <target>\n<json>"}.
 * {@code pub} numbers every publication of the room's epoch, 1, 2, 3... in the order Redis ran
 * the scripts, so a node sees a gap in it when pub/sub lost something. The kind says who gets
 * it: {@code j} (join) and {@code t} (typing) everyone but the member {@code target},
 * {@code p} (private) only the members listed in {@code target}, the others everyone.
 */
record Publication(long pub, String epoch, char kind, String target, Outbound event) {

    /** Parses a channel message; null if it is not of this form (logged by the caller). */
    static Publication parse(String message) {
        int newline = message.indexOf('\n');
        if (newline < 0) {
            return null;
        }
        String[] header = message.substring(0, newline).split(" ");
        if (header.length != 4 || header[2].length() != 1) {
            return null;
        }
        try {
            return new Publication(Long.parseLong(header[0]), header[1], header[2].charAt(0), header[3],
                    Outbound.text(message.substring(newline + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether the member with {@code memberId} gets this event. */
    boolean isFor(String memberId) {
        return switch (kind) {
            case 'j', 't' -> !target.equals(memberId);
            case 'p' -> target.equals(memberId) || target.startsWith(memberId + ",") || target.endsWith("," + memberId);
            default -> true;
        };
    }
}
