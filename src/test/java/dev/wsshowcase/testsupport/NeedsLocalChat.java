package dev.wsshowcase.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a suite test whose expectation holds for the chat kept in the server's JVM, and by
 * design not for the chat on Redis ({@code showcase.chat.redis-url}, README "Chat on several
 * nodes"): a room that empties is removed and starts anew (on Redis it keeps its seq and
 * history), readiness has the drain check alone (on Redis also {@code redis}), and a burst is
 * never refused (on Redis a message Redis has not stored within 1.5 s of the node sending it
 * gets {@code unavailable}). {@code -Premote,nginx-nodes}, whose nodes share one Redis, excludes
 * the tag {@code needs-local-chat}; every other run keeps it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("needs-local-chat")
public @interface NeedsLocalChat {
}
