package dev.wsshowcase.chat;

import dev.wsshowcase.codec.ErrorMessage;
import dev.wsshowcase.codec.InvalidMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules for room names and nicknames.
 *
 * <p>A <b>room name</b> is 1 to 32 letters, digits, {@code _} or {@code -}, starting with a
 * letter or digit (any script: {@code lobby}, {@code 大厅}).
 *
 * <p>A <b>nickname</b> is 1 to 24 characters after Unicode NFC normalization: letters, digits
 * and combining marks of any script, and {@code _ - .}, with single spaces between words.
 * Control, format (bidi overrides, zero-width) and other invisible characters are refused, so
 * that two different-looking names cannot be the same and one name cannot look like another.
 * Two nicknames are the same if they are equal after NFKC normalization and lower-casing:
 * {@code Alice}, {@code ALICE} and {@code Ａｌｉｃｅ} are one name.
 */
public final class Names {

    public static final int MAX_NICKNAME = 24;
    private static final Pattern ROOM = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_-]{0,31}");

    private Names() {
    }

    /**
     * The room name from the path parameter. Tomcat and Tyrus percent-decode path parameters,
     * Jetty does not; {@code %} is never part of a valid room name, so a value containing it is
     * decoded here, once, as UTF-8.
     */
    static String decodeRoom(String pathParameter) {
        if (pathParameter == null || pathParameter.indexOf('%') < 0) {
            return pathParameter;
        }
        try {
            return URLDecoder.decode(pathParameter.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return pathParameter;
        }
    }

    static boolean isValidRoom(String room) {
        return room != null && ROOM.matcher(room).matches();
    }

    /** The nickname as it will be shown, or an error naming {@code field}. */
    public static String nickname(String requested, String field) throws InvalidMessage {
        String name = Normalizer.normalize(requested, Normalizer.Form.NFC);
        int length = name.codePointCount(0, name.length());
        if (length == 0 || length > MAX_NICKNAME) {
            throw invalid(field, "a nickname is 1 to " + MAX_NICKNAME + " characters");
        }
        if (name.startsWith(" ") || name.endsWith(" ") || name.contains("  ")) {
            throw invalid(field, "a nickname has no leading, trailing or double spaces");
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            int type = Character.getType(c);
            boolean allowed = Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ' '
                    || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
            if (!allowed) {
                throw invalid(field, String.format("a nickname may not contain U+%04X; use letters, digits, spaces and _ - .", c));
            }
            i += Character.charCount(c);
        }
        return name;
    }

    /** The key under which a nickname is unique in a room. */
    public static String key(String nickname) {
        return Normalizer.normalize(nickname, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    private static InvalidMessage invalid(String field, String reason) {
        return new InvalidMessage("invalid-name", field, reason);
    }

    /** Checks a chat text: not blank, not longer than {@code maxChars} code points, no invisible control characters. */
    static String text(String text, String field, int maxChars) throws InvalidMessage {
        if (text.isBlank()) {
            throw new InvalidMessage("empty-text", field, "the text is empty");
        }
        if (text.codePointCount(0, text.length()) > maxChars) {
            throw new InvalidMessage("text-too-long", field, "the text is longer than " + maxChars + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c) && c != '\n' && c != '\t';
            boolean loneSurrogate = Character.isHighSurrogate(c)
                    ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(++i))
                    : Character.isLowSurrogate(c);
            if (control || loneSurrogate) {
                throw new InvalidMessage(ErrorMessage.INVALID_FIELD, field,
                        String.format("the text may not contain U+%04X", (int) c));
            }
        }
        return text;
    }
}
