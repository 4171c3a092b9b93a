package dev.wsshowcase.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a suite class that needs the WAR in a servlet container: the static pages, or what the
 * application reads from the servlet request of the handshake (the Origin check, the client's
 * address). The in-JVM Tyrus server has no servlet layer, so the {@code tyrus} execution
 * excludes the tag {@code needs-servlet-container}; every container runs the class, and so
 * does {@code -Premote}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("needs-servlet-container")
public @interface NeedsServletContainer {
}
