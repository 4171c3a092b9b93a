package dev.wsshowcase.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a suite class that Payara 6 does not pass reliably yet: under ChatLoadIT's burst of
 * 500,000 deliveries, one member on Payara stops receiving now and then (at 9,801 of 10,000
 * messages) while its connection stays open. README, "Known
 * issues", says what is known. The {@code payara6} execution excludes the tag
 * {@code stalls-on-payara}; every other runtime runs the class.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("stalls-on-payara")
public @interface StallsOnPayara {
}
