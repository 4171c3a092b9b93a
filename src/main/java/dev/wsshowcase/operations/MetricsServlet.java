package dev.wsshowcase.operations;

import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.handshake.ForwardedHeaders;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/metrics}: every meter of the running application in the Prometheus text
 * format (0.0.4), to the clients {@link ScrapeAccess} allows; 403 to others, 503 while the
 * application is not running. Stateless; the access policy is read from the running
 * application's settings on each request (cheap, and a restarted application's apply).
 */
@WebServlet(name = "Metrics", urlPatterns = "/api/metrics")
public class MetricsServlet extends HttpServlet {

    static final String REFUSED = "api/metrics answers loopback, the addresses of showcase.metrics.allowed and the token of showcase.metrics.token only\n";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        Showcase showcase = Showcase.runningOrNull();
        if (showcase == null) {
            text(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the application is not running\n");
            return;
        }
        ScrapeAccess access = showcase.service(ScrapeAccess.class, app -> ScrapeAccess.of(app.settings()));
        if (!access.allows(ForwardedHeaders.clientAddress(request), request.getHeader("Authorization"))) {
            text(response, HttpServletResponse.SC_FORBIDDEN, REFUSED);
            return;
        }
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.getOutputStream().write(showcase.metrics().scrape().getBytes(StandardCharsets.UTF_8));
    }

    private static void text(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
