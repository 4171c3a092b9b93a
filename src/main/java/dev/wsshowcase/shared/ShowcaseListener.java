package dev.wsshowcase.shared;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.logging.Logger;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Starts the application when the container deploys the WAR and stops it at undeploy.
 *
 * <p>An invalid setting throws from {@link #contextInitialized}, which makes the container
 * refuse the deployment with the message naming the setting. It also adds the
 * {@link HandshakeUriFilter}: a filter added here, after the containers' WebSocket initializers,
 * can be put ahead of their upgrade filters, which an annotated filter cannot on Jetty.
 */
@WebListener
public class ShowcaseListener implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(ShowcaseListener.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Showcase showcase = Showcase.start(Settings.load(context::getInitParameter));
        // Whole-message endpoints (chat) enforce their own limit; the container's buffer must not be smaller.
        if (context.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container) {
            int needed = showcase.settings().get(Settings.CHAT_MAX_MESSAGE_BYTES) + 1;
            if (container.getDefaultMaxTextMessageBufferSize() < needed) {
                container.setDefaultMaxTextMessageBufferSize(needed);
            }
        }
        HandshakeUriFilter.register(context);
        LOG.info(() -> "WebSocket Showcase started on " + context.getServerInfo() + ": " + publicUrl(context));
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
