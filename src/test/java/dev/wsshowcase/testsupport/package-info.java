/**
 * What every integration test uses: {@link dev.wsshowcase.testsupport.ShowcaseIT} puts a test
 * class in the shared suite and hands it the {@link dev.wsshowcase.testsupport.Target} server,
 * and {@link dev.wsshowcase.testsupport.WsClient} talks to it.
 *
 * <p>The runtime is chosen by the system property {@code showcase.it.runtime}: {@code tyrus}
 * starts the endpoints on the Tyrus standalone server in this JVM; {@code tomcat11},
 * {@code tomcat10} and {@code payara6} deploy the built WAR once per JVM with Arquillian;
 * {@code showcase.it.url} points the suite at a server that is already running (Jetty, a
 * container behind a proxy, a TLS setup).
 */
package dev.wsshowcase.testsupport;
