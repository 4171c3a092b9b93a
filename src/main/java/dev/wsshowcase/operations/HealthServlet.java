package dev.wsshowcase.operations;

import dev.wsshowcase.application.Showcase;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/health} and {@code GET /api/ready}, as JSON that says why:
 * <ul>
 *   <li>health: 200 {@code {"status":"up","node":"..."}} while the application runs (draining
 *       included: it still serves what it holds), 503 {@code {"status":"down"}} once stopped;</li>
 *   <li>ready: 200 {@code {"status":"ready","node":"...","checks":{"draining":"ok"}}} while every
 *       readiness check passes, else 503 with {@code "status":"not-ready"} and each failing
 *       check's reason in place of {@code "ok"}.</li>
 * </ul>
 * Open to every client (a load balancer must reach them); they tell nothing but the node's
 * name and whether it serves. Never cached. Stateless.
 */
@WebServlet(name = "Health", urlPatterns = {"/api/health", "/api/ready"})
public class HealthServlet extends HttpServlet {

    /** The health document; public so that JSON-B can serialize it. */
    @JsonbPropertyOrder({"status", "node"})
    public record Health(String status, String node) {
    }

    /** The readiness document; public so that JSON-B can serialize it. */
    @JsonbPropertyOrder({"status", "node", "checks"})
    public record Ready(String status, String node, Map<String, String> checks) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Showcase showcase = Showcase.runningOrNull();
        boolean ready = request.getServletPath().endsWith("ready");
        if (showcase == null) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.getWriter().write(ready ? "{\"status\":\"not-ready\",\"checks\":{\"running\":\"the application is not running\"}}"
                    : "{\"status\":\"down\"}");
            return;
        }
        if (!ready) {
            response.getWriter().write(showcase.jsonb().toJson(new Health("up", showcase.nodeId())));
            return;
        }
        Map<String, String> checks = new LinkedHashMap<>();
        boolean allReady = true;
        for (Map.Entry<String, String> check : showcase.readiness().states().entrySet()) {
            checks.put(check.getKey(), check.getValue() == null ? "ok" : check.getValue());
            allReady &= check.getValue() == null;
        }
        if (!allReady) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        }
        response.getWriter().write(showcase.jsonb().toJson(new Ready(allReady ? "ready" : "not-ready", showcase.nodeId(), checks)));
    }
}
