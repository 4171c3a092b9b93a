package dev.wsshowcase.pages;

import dev.wsshowcase.application.Settings;
import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.chat.ChatSettings;
import dev.wsshowcase.echo.EchoSettings;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/info}: what the index page shows about the server, and the limits the pages
 * respect, as JSON:
 *
 * <pre>{"server":"Apache Tomcat/11.0.24","node":"web-1-3fa9c2","echoMaxMessageBytes":1048576,"chatMaxTextChars":2000}</pre>
 *
 * <p>{@code node} is the node's name ({@code showcase.node.id}): with several nodes behind a
 * balancer, the node that served the page.
 */
@WebServlet(name = "Info", urlPatterns = "/api/info")
public class InfoServlet extends HttpServlet {

    /** The document; public so that JSON-B can serialize it. */
    public record Info(String server, String node, int echoMaxMessageBytes, int chatMaxTextChars) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Showcase showcase = Showcase.current();
        Settings settings = showcase.settings();
        Info info = new Info(getServletContext().getServerInfo(), showcase.nodeId(),
                settings.get(EchoSettings.MAX_MESSAGE_BYTES), settings.get(ChatSettings.MAX_TEXT_CHARS));
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(showcase.jsonb().toJson(info));
    }
}
