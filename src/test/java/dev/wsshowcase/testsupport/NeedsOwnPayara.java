package dev.wsshowcase.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a suite class that starts a Payara Micro of its own (see {@link PayaraMicro}), for what
 * the suite's Payara must not undergo, such as being stopped. It needs the Payara Micro jar the
 * build provides to the {@code payara6} execution, and runs there only; the others exclude the
 * tag {@code needs-own-payara}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("needs-own-payara")
public @interface NeedsOwnPayara {
}
