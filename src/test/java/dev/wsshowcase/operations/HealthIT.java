package dev.wsshowcase.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.wsshowcase.testsupport.Json;
import dev.wsshowcase.testsupport.NeedsLocalChat;
import dev.wsshowcase.testsupport.NeedsOneNode;
import dev.wsshowcase.testsupport.NeedsServletContainer;
import dev.wsshowcase.testsupport.Scrapes;
import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code api/health} and {@code api/ready} of a running application answer 200, with JSON that says why. */
@ShowcaseIT
@NeedsServletContainer
class HealthIT {

    @Test
    void healthIsUpAndNamesTheNode(Target server) throws Exception {
        HttpResponse<String> health = Scrapes.get(server, "api/health", Map.of());
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("application/json", health.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals("up", Json.object(health.body()).get("status"), health.body());
        assertFalse(String.valueOf(Json.object(health.body()).get("node")).isBlank(), health.body());
    }

    @Test
    // On Redis readiness has a second check, redis (ok while Redis answers): the expected checks are those without it
    @NeedsLocalChat
    void readyWhileTakingConnectionsWithEveryCheckOk(Target server) throws Exception {
        HttpResponse<String> ready = Scrapes.get(server, "api/ready", Map.of());
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("ready", Json.object(ready.body()).get("status"), ready.body());
        assertEquals(Map.of("draining", "ok"), Json.object(ready.body()).get("checks"), ready.body());
    }

    @Test
    // Two requests: behind a balancer each may reach another node
    @NeedsOneNode
    void infoNamesTheSameNode(Target server) throws Exception {
        String info = Scrapes.get(server, "api/info", Map.of()).body();
        String health = Scrapes.get(server, "api/health", Map.of()).body();
        assertEquals(Json.object(health).get("node"), Json.object(info).get("node"), info);
    }
}
