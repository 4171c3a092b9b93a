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
 *
 * <p>A suite class runs on every runtime unless it says what more it needs, with an annotation
 * that tags it: {@link dev.wsshowcase.testsupport.NeedsTomcat} (Tomcat executions only),
 * {@link dev.wsshowcase.testsupport.NeedsOwnPayara} (Payara only),
 * {@link dev.wsshowcase.testsupport.NeedsServletContainer} (not on Tyrus) and
 * {@link dev.wsshowcase.testsupport.NeedsSuiteSettings} (not with {@code -Premote}). Each
 * failsafe execution of the pom excludes the tags its runtime cannot serve, and the tag
 * {@code autobahn}, which only {@code -Pautobahn} runs; the pom lists no class names.
 */
package dev.wsshowcase.testsupport;
