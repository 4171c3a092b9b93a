package dev.wsshowcase.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An nginx process of the test's own, in the foreground ({@code daemon off}, one worker), with
 * its prefix, configuration, pid file, logs and temporary files in one directory. The caller
 * gives what goes inside {@code http { }} (the README's configuration); the rest is written
 * here. Found by {@link Binaries} (or at the path the system property {@code showcase.it.nginx}
 * names); without it the caller is skipped, loudly, or fails when {@code showcase.it.require-all}
 * is true (as in CI). Run as root, the master would hand its workers to {@code nobody}, who may
 * not reach the directory: then the workers run as root ({@code user root;}).
 */
public final class NginxServer implements AutoCloseable {

    public static final String PROPERTY = "showcase.it.nginx";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final Path prefix;
    private final int port;

    private NginxServer(Process process, Path prefix, int port) {
        this.process = process;
        this.prefix = prefix;
        this.port = port;
    }

    /** The nginx binary, or a skip (a failure with {@code showcase.it.require-all}) saying how to install it. */
    public static Path require() {
        return Binaries.require("nginx", PROPERTY, "the tests through nginx", "nginx");
    }

    /**
     * The whole configuration: the main context for a foreground nginx whose every file is under
     * {@code prefix}, and {@code http} holding {@code httpBlock}.
     */
    public static String configuration(Path prefix, String httpBlock, boolean root) {
        String logs = prefix.resolve("logs").toAbsolutePath().toString();
        String temp = prefix.resolve("temp").toAbsolutePath().toString();
        return (root ? "user root;\n" : "")
                + "daemon off;\n"
                + "worker_processes 1;\n"
                + "pid " + prefix.resolve("nginx.pid").toAbsolutePath() + ";\n"
                + "error_log " + logs + "/error.log notice;\n"
                + "events {\n    worker_connections 4096;\n}\n"
                + "http {\n"
                + "    access_log " + logs + "/access.log;\n"
                + "    client_body_temp_path " + temp + "/client_body;\n"
                + "    proxy_temp_path " + temp + "/proxy;\n"
                + "    fastcgi_temp_path " + temp + "/fastcgi;\n"
                + "    uwsgi_temp_path " + temp + "/uwsgi;\n"
                + "    scgi_temp_path " + temp + "/scgi;\n"
                + "\n"
                + httpBlock.strip().indent(4)
                + "}\n";
    }

    /**
     * Writes {@code prefix/nginx.conf} around {@code httpBlock}, checks it ({@code nginx -t}),
     * starts nginx and waits until {@code port} (the one {@code httpBlock} listens on) accepts.
     */
    public static NginxServer start(Path binary, Path prefix, String httpBlock, int port) throws Exception {
        for (String dir : List.of("logs", "temp")) {
            Files.createDirectories(prefix.resolve(dir));
        }
        boolean root = ((Integer) Files.getAttribute(prefix, "unix:uid")) == 0;
        Path conf = prefix.resolve("nginx.conf").toAbsolutePath();
        Files.writeString(conf, configuration(prefix, httpBlock, root), StandardCharsets.UTF_8);
        List<String> command = List.of(binary.toString(), "-p", prefix.toAbsolutePath() + File.separator, "-c", conf.toString(),
                "-e", prefix.resolve("logs/error.log").toAbsolutePath().toString());
        Path console = prefix.resolve("logs/console.log");

        Process test = new ProcessBuilder(Stream.concat(command.stream(), Stream.of("-t")).toList())
                .redirectErrorStream(true).redirectOutput(console.toFile()).start();
        if (!test.waitFor(30, TimeUnit.SECONDS) || test.exitValue() != 0) {
            test.destroyForcibly();
            throw new AssertionError("nginx -t refused " + conf + ":\n" + Files.readString(console, StandardCharsets.UTF_8));
        }
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
                .start();
        NginxServer nginx = new NginxServer(process, prefix, port);
        try {
            Poll.until(START_TIMEOUT, "nginx to listen on port " + port + " (logs: " + prefix.resolve("logs") + ")", () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("nginx exited with " + process.exitValue() + ":\n" + nginx.output());
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    return true;
                } catch (IOException e) {
                    return null;
                }
            });
            return nginx;
        } catch (Exception | Error e) {
            nginx.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** nginx's console and error log, for failure messages. */
    public String output() {
        StringBuilder text = new StringBuilder();
        for (String log : List.of("console.log", "error.log")) {
            Path file = prefix.resolve("logs").resolve(log);
            try {
                if (Files.exists(file)) {
                    text.append("== ").append(log).append('\n').append(Files.readString(file, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                text.append("(").append(log).append(" unreadable: ").append(e).append(")\n");
            }
        }
        return text.toString();
    }

    /**
     * Stops nginx (SIGTERM: the master stops its workers) and waits; a master that does not stop
     * is killed with its workers. The prefix (logs included) stays.
     */
    @Override
    public void close() throws Exception {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            workers.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("nginx did not stop within 20 s:\n" + output());
        }
        for (ProcessHandle worker : workers) {
            if (!worker.onExit().completeOnTimeout(worker, 10, TimeUnit.SECONDS).get().isAlive()) {
                continue;
            }
            worker.destroyForcibly();
        }
    }
}
