package dev.wsshowcase.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a suite class that needs the Tomcat under test itself, not only the application on it:
 * it deploys, reloads or undeploys copies of the WAR through Tomcat's manager, reads Tomcat's
 * leak reports or uses the suite's {@code tomcat-users.xml}. It runs in the Tomcat executions
 * ({@code tomcat11}, and {@code tomcat10} with {@code -Pmore-containers}) only; the others
 * exclude the tag {@code needs-tomcat}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("needs-tomcat")
public @interface NeedsTomcat {
}
