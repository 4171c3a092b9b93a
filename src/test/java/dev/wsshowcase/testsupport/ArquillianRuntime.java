package dev.wsshowcase.testsupport;

import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.test.spi.LifecycleMethodExecutor;
import org.jboss.arquillian.test.spi.TestRunnerAdaptor;
import org.jboss.arquillian.test.spi.TestRunnerAdaptorBuilder;

/**
 * Deploys the built WAR once per JVM with Arquillian, on the container that
 * {@code arquillian.launch} selects in {@code arquillian.xml}.
 *
 * <p>Arquillian's JUnit integration deploys once per test class, and Payara Micro starts a new
 * server per deployment; driving Arquillian's lifecycle directly with {@link BuiltWar} as the
 * one deployment class lets every suite class share one deployment.
 */
final class ArquillianRuntime implements AutoCloseable {

    private final TestRunnerAdaptor adaptor;
    private final URI httpBase;

    private ArquillianRuntime(TestRunnerAdaptor adaptor, URI httpBase) {
        this.adaptor = adaptor;
        this.httpBase = httpBase;
    }

    static ArquillianRuntime deploy() throws Exception {
        TestRunnerAdaptor adaptor = TestRunnerAdaptorBuilder.build();
        try {
            adaptor.beforeSuite();
            adaptor.beforeClass(BuiltWar.class, LifecycleMethodExecutor.NO_OP);
            BuiltWar war = new BuiltWar();
            adaptor.before(war, BuiltWar.class.getMethod("locate"), LifecycleMethodExecutor.NO_OP);
            URL url = war.url;
            adaptor.after(war, BuiltWar.class.getMethod("locate"), LifecycleMethodExecutor.NO_OP);
            if (url == null) {
                throw new IllegalStateException("Arquillian deployed the WAR but gave no URL for it");
            }
            // Payara Micro reports the machine's address; the suite talks to loopback only.
            String path = url.getPath().endsWith("/") ? url.getPath() : url.getPath() + "/";
            return new ArquillianRuntime(adaptor, URI.create("http://127.0.0.1:" + url.getPort() + path));
        } catch (Exception | Error e) {
            try {
                adaptor.afterSuite();
                adaptor.shutdown();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    URI httpBase() {
        return httpBase;
    }

    @Override
    public void close() throws Exception {
        try {
            adaptor.afterClass(BuiltWar.class, LifecycleMethodExecutor.NO_OP);
            adaptor.afterSuite();
        } finally {
            adaptor.shutdown();
        }
    }
}
