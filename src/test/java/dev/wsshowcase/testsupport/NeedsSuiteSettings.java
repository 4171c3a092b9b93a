package dev.wsshowcase.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a suite class that needs the server under test to run with settings the build gives the
 * servers it starts for the suite, and that the test relies on: the extra allowed origin
 * ({@code showcase.origin.allowed}), the per-address connection limit the test counts up to. A
 * server the suite did not start has settings of its own, so {@code -Premote} excludes the tag
 * {@code needs-suite-settings}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("needs-suite-settings")
public @interface NeedsSuiteSettings {
}
