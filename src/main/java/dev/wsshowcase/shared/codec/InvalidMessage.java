package dev.wsshowcase.shared.codec;

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

    /** {@code value} cut to 64 characters, for quoting client input in a reason. */
    public static String excerpt(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }

    public ErrorMessage toErrorMessage() {
        return new ErrorMessage(code, field, getMessage());
    }
}
