package dev.wsshowcase.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsshowcase.testsupport.DrainWindow;
import dev.wsshowcase.testsupport.NeedsTomcat;
import dev.wsshowcase.testsupport.Poll;
import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import dev.wsshowcase.testsupport.TomcatManager;
import dev.wsshowcase.testsupport.WsClient;
import jakarta.websocket.CloseReason.CloseCodes;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Undeploy leaves nothing of ours behind, checked where a container says so: Tomcat warns at
 * undeploy about every thread a web application started and did not stop, and its manager's
 * {@code findleaks} reports applications whose class loader is still reachable.
 *
 * <p>A second copy of the built WAR is deployed through the manager, used (the clock's ticker
 * starts the scheduler thread), undeployed with clients connected, deployed again and used
 * again. The undeploy drains: the three clients connected are closed with 1001 one by one,
 * spread over the drain window. Runs in the Tomcat executions only.
 */
@ShowcaseIT
@NeedsTomcat
@Execution(ExecutionMode.SAME_THREAD)
class TomcatUndeployIT {

    private static final String PATH = "/undeploy-check";
    private static final Duration TIMEOUT = WsClient.TIMEOUT;

    @Test
    void undeployStopsEveryThreadAndClosesSessionsAndRedeployWorks(Target server) throws Exception {
        TomcatManager manager = new TomcatManager(server);
        URI root = manager.root();
        Path log = Path.of(System.getProperty("it.catalina.home"), "logs");

        Map<Path, Long> before = logLineCounts(log);
        manager.deployBuiltWar(PATH);
        try {
            try (WsClient client = WsClient.connect(ws(root, "/clock"));
                 WsClient one = WsClient.connect(ws(root, "/echo"));
                 WsClient two = WsClient.connect(ws(root, "/echo"))) {
                client.awaitText(text -> text.contains("\"type\":\"tick\""));
                for (WsClient echo : List.of(one, two)) {
                    echo.send("hello");
                    assertEquals("hello", echo.awaitText());
                }
                manager.undeploy(PATH);
                for (WsClient closed : List.of(client, one, two)) {
                    assertEquals(CloseCodes.GOING_AWAY, closed.awaitClose().getCloseCode());
                }
                DrainWindow.assertSpread(List.of(client, one, two));
            }

            // Deploying again logs the start line; once it is in the log, the undeploy's lines are too.
            manager.deployBuiltWar(PATH);
            try (WsClient client = WsClient.connect(ws(root, "/clock"))) {
                client.awaitText(text -> text.contains("\"type\":\"tick\""));
            }
            List<String> lines = awaitLogLine(log, before, "WebSocket Showcase started", 2);
            // Tomcat's own utility thread is reported when it happens to be running the context's
            // background process (with the application's class loader) as the context stops: not ours.
            List<String> leaks = lines.stream()
                    .filter(line -> line.contains("[" + PATH.substring(1) + "]") && line.contains("failed to stop it"))
                    .filter(line -> !line.contains("a thread named [Catalina-utility-"))
                    .toList();
            assertEquals(List.of(), leaks, "threads Tomcat found still running after undeploy");
        } finally {
            manager.undeploy(PATH);
        }
        // A connection that is still closing holds its endpoint for a moment; a leak stays.
        String[] report = new String[1];
        try {
            Poll.until(TIMEOUT, Duration.ofSeconds(1), "findleaks to find nothing", () -> {
                report[0] = manager.run("findleaks?statusLine=true", null);
                return report[0].contains(PATH) ? null : report[0];
            });
        } catch (AssertionError e) {
            throw new AssertionError("findleaks still reports the undeployed application: " + report[0], e);
        }
    }

    private static URI ws(URI root, String path) {
        return URI.create("ws://" + root.getRawAuthority() + PATH + path);
    }

    /** How many lines each Tomcat log file has now. */
    private static Map<Path, Long> logLineCounts(Path logs) throws IOException {
        Map<Path, Long> counts = new HashMap<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.filter(TomcatUndeployIT::isCatalinaLog).toList()) {
                counts.put(file, lines(file).count());
            }
        }
        return counts;
    }

    /**
     * Waits until {@code marker} appears {@code count} times for our path in what Tomcat logged
     * after {@code before}, and returns those lines.
     */
    private static List<String> awaitLogLine(Path logs, Map<Path, Long> before, String marker, int count) throws Exception {
        return Poll.until(TIMEOUT, "'" + marker + "' " + count + " times in " + logs, () -> {
            List<String> lines;
            try (Stream<Path> files = Files.list(logs)) {
                lines = files.filter(TomcatUndeployIT::isCatalinaLog)
                        .flatMap(file -> lines(file).skip(before.getOrDefault(file, 0L))).toList();
            }
            return lines.stream().filter(l -> l.contains(marker) && l.contains(PATH + "/")).count() >= count ? lines : null;
        });
    }

    private static boolean isCatalinaLog(Path file) {
        return file.getFileName().toString().startsWith("catalina.");
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
