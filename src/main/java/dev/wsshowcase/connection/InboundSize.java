package dev.wsshowcase.connection;

import dev.wsshowcase.text.Utf8;

/**
 * The size of the frame a decoder just decoded, for the byte counts of endpoints that take
 * decoded commands (the clock, the chat): the container decodes a message and calls the
 * endpoint's message method with the result on one thread, so a decoder notes the size here and
 * {@link Connection#receive} takes it. What is noted and not taken (an endpoint that ignores
 * the message) is overwritten by the next frame on that thread; the value is a {@code Long}, a
 * class of the JDK, so nothing of the application stays on a container's thread.
 */
public final class InboundSize {

    private static final ThreadLocal<Long> DECODED = new ThreadLocal<>();

    private InboundSize() {
    }

    /** Notes the size (UTF-8 bytes) of the text frame being decoded on this thread. */
    public static void decoded(String frame) {
        DECODED.set((long) Utf8.length(frame));
    }

    /** The size noted on this thread, removed; 0 if none. */
    static long take() {
        Long size = DECODED.get();
        if (size == null) {
            return 0;
        }
        DECODED.remove();
        return size;
    }
}
