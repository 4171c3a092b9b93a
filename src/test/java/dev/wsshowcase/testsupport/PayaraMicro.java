package dev.wsshowcase.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Payara Micro process of its own serving the built WAR, for tests that stop the container
 * (the suite's Payara, started by Arquillian, must stay up for the other tests).
 */
public final class PayaraMicro implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private final Process process;
    private final Path log;
    private final URI base;

    private PayaraMicro(Process process, Path log, URI base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /**
     * Starts Payara Micro with the built WAR at /websocket-showcase on {@code port} and waits until
     * it answers; with the suite's drain window ({@code showcase.shutdown.drain-ms}).
     */
    public static PayaraMicro start(int port, Path log) throws Exception {
        return start(port, log, Map.of());
    }

    /** As {@link #start(int, Path)}, with {@code properties} as the JVM's system properties. */
    public static PayaraMicro start(int port, Path log, Map<String, String> properties) throws Exception {
        Path jar = Path.of(System.getProperty("it.payara.micro.jar"));
        Path war = Path.of(System.getProperty("showcase.it.war"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m",
                "-Dshowcase.shutdown.drain-ms=" + System.getProperty("showcase.shutdown.drain-ms", "5000")));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString(),
                "--deploy", war.toString(), "--contextroot", "websocket-showcase", "--port", Integer.toString(port),
                "--nocluster", "--disablephonehome"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PayaraMicro micro = new PayaraMicro(process, log, URI.create("http://127.0.0.1:" + port + "/websocket-showcase/"));
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            Poll.until(START_TIMEOUT, Duration.ofMillis(500), "Payara Micro to serve the WAR (log: " + log + ")", () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("Payara Micro exited with " + process.exitValue() + "; log: " + log);
                }
                try {
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(micro.base.resolve("api/info"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                    return response.statusCode() == 200 ? true : null;
                } catch (IOException e) {
                    return null;
                }
            });
            return micro;
        } catch (Exception | Error e) {
            micro.close();
            throw e;
        }
    }

    /** A free port on the loopback interface. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public URI base() {
        return base;
    }

    public URI ws(String path) {
        return URI.create("ws://" + base.getRawAuthority() + base.getRawPath() + path);
    }

    /** Ends the process at once (SIGKILL), as {@code kill -9} does. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops Payara as an operator would (SIGTERM) and waits for the process to end. */
    public int stop() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("Payara Micro did not stop within 60 s; log: " + log);
        }
        return process.exitValue();
    }

    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
