package dev.wsshowcase.testsupport;

import java.net.URI;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Provides the {@link Target} to suite tests, starting it on first use and stopping it when the
 * JVM's test run ends (a resource of the root extension context).
 */
public final class ServerUnderTest implements ParameterResolver {

    /** Names the runtime; the Maven build sets it per failsafe execution. */
    public static final String RUNTIME_PROPERTY = "showcase.it.runtime";
    /** When set, the suite targets this already running application instead of starting one. */
    public static final String URL_PROPERTY = "showcase.it.url";

    static String runtimeName() {
        if (System.getProperty(URL_PROPERTY) != null) {
            return System.getProperty(RUNTIME_PROPERTY, "url");
        }
        return System.getProperty(RUNTIME_PROPERTY, "tyrus");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Target.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        Running running = store.getOrComputeIfAbsent(Running.class, key -> start(), Running.class);
        if (running.failure != null) {
            throw new ParameterResolutionException("The " + runtimeName() + " server did not start", running.failure);
        }
        return running.target;
    }

    private static Running start() {
        String runtime = runtimeName();
        try {
            String url = System.getProperty(URL_PROPERTY);
            if (url != null) {
                return new Running(new Target(runtime, URI.create(url.endsWith("/") ? url : url + "/")), () -> { });
            }
            if ("tyrus".equals(runtime)) {
                TyrusRuntime tyrus = TyrusRuntime.start();
                return new Running(new Target(runtime, tyrus.httpBase()), tyrus::close);
            }
            ArquillianRuntime arquillian = ArquillianRuntime.deploy();
            return new Running(new Target(runtime, arquillian.httpBase()), arquillian::close);
        } catch (Exception | LinkageError e) {
            return new Running(e);
        }
    }

    /** The started server; a start that failed is kept too, so every test reports it rather than retrying. */
    private static final class Running implements ExtensionContext.Store.CloseableResource {
        private final Target target;
        private final Stopper stopper;
        private final Throwable failure;

        Running(Target target, Stopper stopper) {
            this.target = target;
            this.stopper = stopper;
            this.failure = null;
        }

        Running(Throwable failure) {
            this.target = null;
            this.stopper = () -> { };
            this.failure = failure;
        }

        @Override
        public void close() throws Exception {
            stopper.stop();
        }
    }

    @FunctionalInterface
    interface Stopper {
        void stop() throws Exception;
    }
}
