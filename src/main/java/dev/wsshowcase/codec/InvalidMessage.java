package dev.wsshowcase.codec;

/**
 * A client message that cannot be accepted. Its parts become the {@link ErrorMessage} sent
 * back; the connection stays open.
 */
public final class InvalidMessage extends Exception {

    private final String code;
    private final String field;

    /**
     * @param code   a stable, machine-readable code such as {@code invalid-field}
     * @param field  the offending field, or null when the message as a whole is wrong
     * @param reason a sentence for people
     */
    public InvalidMessage(String code, String field, String reason) {
        super(reason, null, false, false);
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return getMessage();
    }

    /**
     * {@code value} cut to 64 code points, for quoting client input in a reason: control
     * characters and lone surrogates are shown as U+FFFD, so that the reply can always be sent.
     */
    public static String excerpt(String value) {
        StringBuilder shown = new StringBuilder();
        int i = 0;
        for (int count = 0; i < value.length() && count < EXCERPT_CODE_POINTS; count++) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            // A lone surrogate cannot be encoded as UTF-8: echoing it would make the reply itself unsendable.
            boolean unsafe = Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE;
            shown.appendCodePoint(unsafe ? 0xFFFD : c);
        }
        return i < value.length() ? shown.append("...").toString() : shown.toString();
    }

    private static final int EXCERPT_CODE_POINTS = 64;

    public ErrorMessage toErrorMessage() {
        return new ErrorMessage(code, field, getMessage());
    }
}
