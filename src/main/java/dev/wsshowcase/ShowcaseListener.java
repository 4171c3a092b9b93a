package dev.wsshowcase;

import dev.wsshowcase.application.ApplicationSettings;
import dev.wsshowcase.application.Setting;
import dev.wsshowcase.application.Settings;
import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.chat.ChatEngines;
import dev.wsshowcase.chat.ChatSettings;
import dev.wsshowcase.connection.TextBuffer;
import dev.wsshowcase.echo.EchoSettings;
import dev.wsshowcase.handshake.HandshakeSettings;
import dev.wsshowcase.handshake.HandshakeUriFilter;
import dev.wsshowcase.operations.OperationsSettings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The composition root: starts the application when the container deploys the WAR, with
 * every setting of the application and of its features ({@link #SETTINGS}), and stops it at
 * undeploy.
 *
 * <p>An invalid setting throws from {@link #contextInitialized}, which makes the container
 * refuse the deployment with the message naming the setting. It sets the application's small
 * default text buffer ({@link TextBuffer}) and adds the
 * {@link HandshakeUriFilter}: a filter added here, after the containers' WebSocket initializers,
 * can be put ahead of their upgrade filters, which an annotated filter cannot on Jetty.
 */
@WebListener
public class ShowcaseListener implements ServletContextListener {

    /**
     * Every setting the product reads, in the order the configuration table (README) lists
     * them. Where there is no servlet context, whoever starts the server starts the
     * application with {@code Settings.fromEnvironment(SETTINGS)}.
     */
    public static final List<Setting<?>> SETTINGS = List.of(
            HandshakeSettings.ORIGIN_ALLOWED, HandshakeSettings.ORIGIN_REQUIRED, HandshakeSettings.PROXY_TRUSTED,
            HandshakeSettings.PROXY_HEADERS, HandshakeSettings.PROXY_TRUSTED_HOPS,
            ApplicationSettings.MAX_CONNECTIONS, ApplicationSettings.MAX_CONNECTIONS_PER_ADDRESS,
            HandshakeSettings.COMPRESSION,
            EchoSettings.MAX_MESSAGE_BYTES,
            ApplicationSettings.SEND_MAX_QUEUED_MESSAGES, ApplicationSettings.SEND_MAX_QUEUED_BYTES, ApplicationSettings.SEND_TIMEOUT_MILLIS,
            ApplicationSettings.KEEPALIVE_INTERVAL_MILLIS, ApplicationSettings.KEEPALIVE_TIMEOUT_MILLIS,
            ChatSettings.MAX_TEXT_CHARS, ChatSettings.MAX_MESSAGE_BYTES, ChatSettings.RATE_PER_SECOND, ChatSettings.RATE_BURST,
            ChatSettings.MAX_MEMBERS, ChatSettings.MAX_ROOMS, ChatSettings.HISTORY, ChatSettings.TYPING_INTERVAL_MILLIS,
            ChatSettings.REDIS_URL,
            ApplicationSettings.SHUTDOWN_DRAIN_MILLIS, ApplicationSettings.NODE_ID,
            OperationsSettings.METRICS_ALLOWED, OperationsSettings.METRICS_TOKEN);

    private static final Logger LOG = Logger.getLogger(ShowcaseListener.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Showcase showcase = Showcase.start(Settings.load(SETTINGS, context::getInitParameter));
        if (context.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container) {
            TextBuffer.useDefault(container);
        }
        HandshakeUriFilter.register(context);
        ChatEngines.start(showcase);
        LOG.info(() -> "WebSocket Showcase started on " + context.getServerInfo() + " as node " + showcase.nodeId() + ": " + publicUrl(context));
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Showcase.stop();
        LOG.info("WebSocket Showcase stopped");
    }

    /**
     * Where a person can open the application. Containers do not tell a web application its
     * port; Tomcat publishes its connectors over JMX, so on Tomcat this is a full URL and
     * elsewhere the context path.
     */
    private static String publicUrl(ServletContext context) {
        String path = context.getContextPath() + "/";
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> connectors = server.queryNames(new ObjectName("*:type=Connector,*"), null);
            for (ObjectName connector : connectors) {
                Object scheme = server.getAttribute(connector, "scheme");
                Object port = server.getAttribute(connector, "port");
                if (("http".equals(scheme) || "https".equals(scheme)) && port instanceof Integer p && p > 0) {
                    return scheme + "://localhost:" + p + path;
                }
            }
        } catch (Exception | LinkageError e) {
            // Not Tomcat, or JMX not available: the path is still useful.
        }
        return path;
    }
}
