package dev.wsshowcase.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a suite test that Jetty 12 does not pass reliably yet: in ChatLoadIT's burst a member
 * once stopped receiving at 6,531 of 10,000 messages while its connection stayed open. README, "Known issues", says what
 * is known. The {@code jetty12} execution excludes the tag {@code stalls-on-jetty}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("stalls-on-jetty")
public @interface StallsOnJetty {
}
