package dev.wsshowcase.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test that starts nodes of its own ({@link TomcatNode}, {@link PayaraMicro}) sharing
 * one {@link RedisServer}: the multi-node chat. It needs the Tomcat and the Payara Micro jar the
 * build provides, and runs once, in the {@code tomcat11} execution; every other execution
 * excludes the tag {@code needs-redis-nodes}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("needs-redis-nodes")
public @interface NeedsRedisNodes {
}
