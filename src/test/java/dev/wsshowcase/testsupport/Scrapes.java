package dev.wsshowcase.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsshowcase.application.Showcase;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metrics of the server under test, as Prometheus scrapes them: {@code GET api/metrics}
 * from loopback; on the in-JVM Tyrus server (no servlets) the same text from the running
 * application's registry. And one series' value read from that text, and the server's node
 * name as {@code api/info} gives it.
 */
public final class Scrapes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WsClient.TIMEOUT).build();

    private Scrapes() {
    }

    /** The whole scrape. */
    public static String scrape(Target server) throws IOException, InterruptedException {
        if ("tyrus".equals(server.runtime())) {
            return Showcase.current().metrics().scrape();
        }
        HttpResponse<String> response = get(server, "api/metrics", Map.of());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** The node's name ({@code showcase.node.id}) as {@code api/info} gives it; on Tyrus, the running application's. */
    public static String nodeId(Target server) throws IOException, InterruptedException {
        if ("tyrus".equals(server.runtime())) {
            return Showcase.current().nodeId();
        }
        HttpResponse<String> response = get(server, "api/info", Map.of());
        assertEquals(200, response.statusCode(), response.body());
        return (String) Json.object(response.body()).get("node");
    }

    /**
     * The nodes that answer {@code api/info} at {@code server}: one, or behind a round-robin
     * balancer each of those it spreads over (asked several times, so that every node answers).
     */
    public static Set<String> nodeIds(Target server) throws IOException, InterruptedException {
        Set<String> nodes = new TreeSet<>();
        for (int i = 0; i < 6; i++) {
            nodes.add(nodeId(server));
        }
        return nodes;
    }

    /**
     * Waits until {@code api/ready} at {@code server} answers 200, as a load balancer would before
     * it sends the node anything: the WAR is served and, on Redis, the node's connections are up
     * (a node answers {@code api/info} before it has reached Redis, and refuses joins until then).
     */
    public static void awaitReady(Target server, Duration timeout) throws Exception {
        Poll.until(timeout, Duration.ofMillis(200), server.http("api/ready") + " to answer 200", () -> {
            try {
                return get(server, "api/ready", Map.of()).statusCode() == 200 ? true : null;
            } catch (IOException e) {
                return null;
            }
        });
    }

    /** A GET of {@code path} with extra headers. */
    public static HttpResponse<String> get(Target server, String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.http(path)).timeout(WsClient.TIMEOUT);
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the series {@code name} whose labels include {@code labels} (name, value, ...); 0 if there is none. */
    public static double value(Target server, String name, String... labels) throws IOException, InterruptedException {
        return value(scrape(server), name, labels);
    }

    /** As above, read from a scrape's text. */
    public static double value(String scrape, String name, String... labels) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            String seriesName = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
            if (!seriesName.equals(name)) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < labels.length; i += 2) {
                matches &= series.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (matches) {
                return Double.parseDouble(line.substring(space + 1));
            }
        }
        return 0;
    }
}
