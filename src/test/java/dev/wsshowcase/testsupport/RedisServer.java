package dev.wsshowcase.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} process of the test's own, on a free loopback port, without
 * persistence ({@code --save '' --appendonly no}): stopped and started again it is empty, as a
 * Redis restarted without persistence is. Found on the PATH (or at the path the system
 * property {@code showcase.it.redis-server} names); without it the calling test is skipped,
 * loudly, or fails when {@code showcase.it.require-all} is true (as in CI).
 */
public final class RedisServer implements AutoCloseable {

    public static final String PROPERTY = "showcase.it.redis-server";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path binary;
    private final int port;
    private final Path log;
    private Process process;

    private RedisServer(Path binary, int port, Path log) {
        this.binary = binary;
        this.port = port;
        this.log = log;
    }

    /** Starts a Redis on a free port and waits until it answers PING (skipped loudly without redis-server). */
    public static RedisServer start() throws Exception {
        Path binary = Binaries.require("redis-server", PROPERTY, "the tests of the chat on Redis", "redis-server");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("redis-" + port + "-", ".log");
        RedisServer server = new RedisServer(binary, port, log);
        server.startProcess();
        return server;
    }

    private void startProcess() throws Exception {
        process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--protected-mode", "no",
                "--dir", log.getParent().toString(), "--dbfilename", dump().getFileName().toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Poll.until(START_TIMEOUT, "redis-server on port " + port + " to answer (log: " + log + ")", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("redis-server exited with " + process.exitValue() + "; log: " + log);
            }
            try {
                return "+PONG".equals(command("PING")) ? true : null;
            } catch (IOException e) {
                return null;
            }
        });
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}, for {@code showcase.chat.redis-url}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops Redis (SIGTERM; nothing is saved) and waits for the process to end. */
    public void stop() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("redis-server did not stop within 20 s; log: " + log);
        }
    }

    /** Starts Redis again, empty, if it is not running (after a test that stopped it failed half-way). */
    public void ensureRunning() throws Exception {
        if (process == null || !process.isAlive()) {
            restart();
        }
    }

    /** Starts Redis again on the same port, empty. */
    public void restart() throws Exception {
        Files.deleteIfExists(dump());
        startProcess();
    }

    /**
     * Saves the data set, then stops Redis: {@link #restartWithData} brings it back as it was, as a
     * Redis that persists would come back (or as Redis looks to a node after a network outage).
     */
    public void stopKeepingData() throws Exception {
        if (!"+OK".equals(command("SAVE"))) {
            throw new AssertionError("Redis did not save its data set; log: " + log);
        }
        stop();
    }

    /** Starts Redis again on the same port with the data set {@link #stopKeepingData} saved. */
    public void restartWithData() throws Exception {
        if (!Files.exists(dump())) {
            throw new AssertionError("no data set saved by stopKeepingData: " + dump());
        }
        startProcess();
    }

    private Path dump() {
        return log.resolveSibling("redis-" + port + ".rdb");
    }

    /**
     * Sends one command and returns the first line of the reply ({@code +OK}, {@code :1},
     * {@code $5} for a bulk string, then {@link #commandBulk} is the one to use).
     */
    public String command(String... args) throws IOException {
        return reply(args).get(0);
    }

    /** Sends one command and returns the lines of its reply (enough for simple and bulk replies). */
    public List<String> reply(String... args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String first = in.readLine();
            if (first == null) {
                throw new IOException("redis-server closed the connection");
            }
            lines.add(first);
            if (first.startsWith("$") && !first.equals("$-1")) {
                lines.add(in.readLine());
            }
            return lines;
        }
    }

    /** The value of a bulk-string reply, or null for a nil one. */
    public String commandBulk(String... args) throws IOException {
        List<String> lines = reply(args);
        return lines.size() > 1 ? lines.get(1) : null;
    }

    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
        Files.deleteIfExists(dump());
    }
}
