package dev.wsshowcase.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Tomcat process of the test's own serving the built WAR at {@code /websocket-showcase}:
 * the Tomcat the build unpacked ({@code it.catalina.home}) with a {@code CATALINA_BASE} of its
 * own in a temporary directory, on a free port, with the given system properties (such as
 * {@code showcase.chat.redis-url}). Several can run at once, as the nodes of one application.
 * {@link #kill} ends it as {@code kill -9} does; {@link #close} stops it and removes its base.
 */
public final class TomcatNode implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private final Process process;
    private final Path base;
    private final int port;

    private TomcatNode(Process process, Path base, int port) {
        this.process = process;
        this.base = base;
        this.port = port;
    }

    /** Starts a node with {@code properties} as system properties and waits until the WAR answers. */
    public static TomcatNode start(String name, Map<String, String> properties) throws Exception {
        Path home = Path.of(System.getProperty("it.catalina.home"));
        Path war = Path.of(System.getProperty("showcase.it.war"));
        Path base = Files.createTempDirectory("tomcat-node-" + name + "-");
        for (String dir : List.of("conf", "webapps", "logs", "temp", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
            for (Path file : conf.filter(Files::isRegularFile).toList()) {
                Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
            }
        }
        Files.copy(war, base.resolve("webapps/websocket-showcase.war"), StandardCopyOption.REPLACE_EXISTING);
        int port = PayaraMicro.freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m",
                // as catalina.sh opens them, so that Tomcat's leak checks at undeploy can look
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED",
                "-cp", home.resolve("bin/bootstrap.jar") + File.pathSeparator + home.resolve("bin/tomcat-juli.jar"),
                "-Dcatalina.home=" + home, "-Dcatalina.base=" + base, "-Djava.io.tmpdir=" + base.resolve("temp"),
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
                "-Dit.tomcat.http.port=" + port));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("org.apache.catalina.startup.Bootstrap", "start"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(base.resolve("logs/console.log").toFile())
                .start();
        TomcatNode node = new TomcatNode(process, base, port);
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            Poll.until(START_TIMEOUT, Duration.ofMillis(300), "Tomcat node " + name + " to serve the WAR (logs: " + base.resolve("logs") + ")", () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("Tomcat node " + name + " exited with " + process.exitValue() + ":\n" + node.output());
                }
                try {
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(node.base().resolve("api/info"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                    return response.statusCode() == 200 ? true : null;
                } catch (IOException e) {
                    return null;
                }
            });
            return node;
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/websocket-showcase/");
    }

    /** {@code ws://127.0.0.1:<port>/websocket-showcase/<path>}. */
    public URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port + "/websocket-showcase/" + path);
    }

    /** Ends the process at once (SIGKILL): no undeploy, nothing said to anyone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** What the node wrote to its console and its logs, for failure messages. */
    public String output() {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> logs = Files.list(base.resolve("logs"))) {
            for (Path log : logs.sorted().toList()) {
                text.append("== ").append(log.getFileName()).append('\n').append(Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            text.append("(logs unreadable: ").append(e).append(')');
        }
        return text.toString();
    }

    /** Stops Tomcat as an operator would (SIGTERM: it undeploys the WAR) and waits; the logs stay. */
    public void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("Tomcat did not stop within 60 s:\n" + output());
            }
        }
    }

    /** Stops Tomcat if it runs, and removes its base directory. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        try (Stream<Path> files = Files.walk(base)) {
            for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
