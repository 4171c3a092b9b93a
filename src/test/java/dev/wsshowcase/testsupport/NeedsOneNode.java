package dev.wsshowcase.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a suite test that reads one node's own state through the URL under test, over more than
 * one request: its counts (the metrics), or its name twice. Behind a balancer over several nodes
 * each request may reach another node, so the test cannot hold there, and it says nothing a user
 * of such a setup relies on: Prometheus and health checks ask each node at its own address, not
 * through the balancer. {@code -Premote,nginx-nodes} (the README's nginx in front of two nodes)
 * excludes the tag {@code needs-one-node}; every other run keeps it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("needs-one-node")
public @interface NeedsOneNode {
}
