package dev.wsshowcase.operations;

import dev.wsshowcase.application.Showcase;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.Set;

/**
 * Starts the application's drain ({@link Showcase#drainRunning}) as the container begins to
 * stop it, before the container closes the WebSocket sessions itself.
 *
 * <p>Why an initializer: a container closes its WebSocket sessions at stop in a listener of
 * its own (Tomcat's {@code WsContextListener}), which its initializer added at deploy.
 * Listeners are told of the stop in the reverse order of their registration, and the ones an
 * application declares ({@code ShowcaseListener}) are registered before those added by
 * initializers, so by the time the application's own listener hears of the stop, Tomcat has
 * closed every session at once. The container runs its own initializers before the
 * application's, so the listener added here is registered after the container's and told of
 * the stop before it: readiness turns 503, new connections are refused, and the open ones are
 * closed over {@code showcase.shutdown.drain-ms} while the container still carries them.
 */
public class DrainAtStop implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        context.addListener(new Listener());
    }

    /** Drains when the context is destroyed; the application itself stops in {@code ShowcaseListener}, after. */
    static final class Listener implements ServletContextListener {
        @Override
        public void contextDestroyed(ServletContextEvent event) {
            Showcase.drainRunning();
        }
    }
}
