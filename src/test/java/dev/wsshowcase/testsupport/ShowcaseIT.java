package dev.wsshowcase.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class of the shared integration suite: it runs once per runtime and its test
 * methods may take a {@link dev.wsshowcase.testsupport.Target} parameter. The server is
 * started or deployed once per JVM, whatever the number of classes.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(ServerUnderTest.class)
@DisplayNameGeneration(RuntimeDisplayNames.class)
public @interface ShowcaseIT {
}
