package dev.wsshowcase.chat;

import dev.wsshowcase.codec.ErrorMessage;
import jakarta.websocket.CloseReason;

/** A connection the chat cannot take: answered with an error message, then closed with {@link #closeCode()}. */
public final class Refused extends Exception {

    private final String code;
    private final CloseReason.CloseCode closeCode;

    public Refused(String code, String reason, CloseReason.CloseCode closeCode) {
        super(reason, null, false, false);
        this.code = code;
        this.closeCode = closeCode;
    }

    public ErrorMessage toErrorMessage() {
        return new ErrorMessage(code, null, getMessage());
    }

    public CloseReason toCloseReason() {
        return new CloseReason(closeCode, code);
    }

    public CloseReason.CloseCode closeCode() {
        return closeCode;
    }
}
