package dev.wsshowcase.bench;

import dev.wsshowcase.testsupport.Poll;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The server process of the benchmark. Tomcat: its own CATALINA_BASE (under {@code target/}),
 * our WAR and Tomcat's {@code examples} webapp. Payara Micro ({@link #startPayara}) and Jetty 12
 * ({@link #startJetty}, its own JETTY_BASE): our WAR only. Free loopback ports, a JMX port for heap readings. Stopped (SIGTERM, then killed after
 * 30 s) by {@link #close()} and by a shutdown hook.
 */
final class ServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final int httpPort;
    private final int jmxPort;
    private final Path base;
    private final Thread hook;
    private final boolean examples;
    private JMXConnector jmx;
    private MemoryMXBean memory;

    private ServerProcess(Process process, int httpPort, int jmxPort, Path base, boolean examples) {
        this.examples = examples;
        this.process = process;
        this.httpPort = httpPort;
        this.jmxPort = jmxPort;
        this.base = base;
        this.hook = new Thread(this::stop, "stop-benchmark-server");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Lays out a fresh CATALINA_BASE at {@code base}, starts Tomcat from {@code home} with
     * {@code heap} (e.g. "1g") and the given system properties, and waits until both
     * applications answer.
     */
    static ServerProcess start(Path home, Path base, Path war, String heap, Map<String, String> properties) throws IOException, InterruptedException {
        deleteTree(base);
        Files.createDirectories(base.resolve("conf"));
        for (String dir : List.of("logs", "temp", "work", "webapps")) {
            Files.createDirectories(base.resolve(dir));
        }
        try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
            for (Path file : (Iterable<Path>) conf::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, base.resolve("conf").resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        int httpPort = freePort();
        int jmxPort = freePort();
        Files.writeString(base.resolve("conf/server.xml"), serverXml(httpPort), StandardCharsets.UTF_8);
        copyTree(home.resolve("webapps/examples"), base.resolve("webapps/examples"));
        Files.copy(war, base.resolve("webapps/websocket-showcase.war"));

        List<String> command = new ArrayList<>(List.of(javaBin().toString(), "-Xmx" + heap,
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED",
                "-Dcatalina.home=" + home.toAbsolutePath(), "-Dcatalina.base=" + base.toAbsolutePath(),
                "-Djava.io.tmpdir=" + base.resolve("temp").toAbsolutePath(),
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties").toAbsolutePath()));
        command.addAll(jmxOptions(jmxPort));
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-classpath",
                home.resolve("bin/bootstrap.jar").toAbsolutePath() + File.pathSeparator + home.resolve("bin/tomcat-juli.jar").toAbsolutePath(),
                "org.apache.catalina.startup.Bootstrap", "start"));
        return launch(command, httpPort, jmxPort, base, base.resolve("logs/console.log"),
                List.of("/websocket-showcase/", "/examples/websocket/index.xhtml"), true);
    }

    /** Starts Payara Micro from {@code jar} with our WAR at /websocket-showcase (no examples there). */
    static ServerProcess startPayara(Path jar, Path base, Path war, String heap, Map<String, String> properties) throws IOException, InterruptedException {
        deleteTree(base);
        Files.createDirectories(base);
        int httpPort = freePort();
        int jmxPort = freePort();
        List<String> command = new ArrayList<>(List.of(javaBin().toString(), "-Xmx" + heap, "-Djava.io.tmpdir=" + base.toAbsolutePath()));
        command.addAll(jmxOptions(jmxPort));
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--deploy", war.toAbsolutePath().toString(),
                "--contextroot", "websocket-showcase", "--port", Integer.toString(httpPort),
                "--nocluster", "--disablephonehome", "--rootdir", base.resolve("root").toAbsolutePath().toString()));
        return launch(command, httpPort, jmxPort, base, base.resolve("console.log"), List.of("/websocket-showcase/"), false);
    }

    /**
     * Starts Jetty 12 from its home (the unpacked jetty-home) with a fresh JETTY_BASE at
     * {@code base}: the modules for an ee10 webapp with Jakarta WebSocket (written by
     * {@code start.jar --add-modules}, run once), our WAR in its {@code webapps} (so at
     * /websocket-showcase), a free loopback port. The server runs in the JVM of
     * {@code start.jar} (none of these modules forks one), which gets the heap, the JMX
     * options and our system properties.
     */
    static ServerProcess startJetty(Path home, Path base, Path war, String heap, Map<String, String> properties) throws IOException, InterruptedException {
        deleteTree(base);
        Files.createDirectories(base.resolve("temp"));
        List<String> startJar = List.of("-jar", home.resolve("start.jar").toAbsolutePath().toString(),
                "jetty.home=" + home.toAbsolutePath(), "jetty.base=" + base.toAbsolutePath());
        List<String> setup = new ArrayList<>(List.of(javaBin().toString()));
        setup.addAll(startJar);
        setup.add("--add-modules=http,ee10-deploy,ee10-websocket-jakarta");
        Path setupLog = base.resolve("setup.log");
        Process modules = new ProcessBuilder(setup).directory(base.toFile()).redirectErrorStream(true).redirectOutput(setupLog.toFile()).start();
        try {
            if (!modules.waitFor(120, TimeUnit.SECONDS) || modules.exitValue() != 0) {
                throw new IOException("start.jar --add-modules did not end well\n--- last lines of " + setupLog + " ---\n" + tail(setupLog, 40));
            }
        } finally {
            modules.destroyForcibly();
        }
        Files.copy(war, base.resolve("webapps/websocket-showcase.war"));
        int httpPort = freePort();
        int jmxPort = freePort();
        List<String> command = new ArrayList<>(List.of(javaBin().toString(), "-Xmx" + heap,
                "-Djava.io.tmpdir=" + base.resolve("temp").toAbsolutePath()));
        command.addAll(jmxOptions(jmxPort));
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(startJar);
        command.addAll(List.of("jetty.http.host=127.0.0.1", "jetty.http.port=" + httpPort));
        return launch(command, httpPort, jmxPort, base, base.resolve("console.log"), List.of("/websocket-showcase/"), false);
    }

    /** Runs {@code command} (its output to {@code console}) and waits until it serves each of {@code paths}; stopped if not. */
    private static ServerProcess launch(List<String> command, int httpPort, int jmxPort, Path base, Path console, List<String> paths,
                                        boolean examples) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        ServerProcess server = new ServerProcess(process, httpPort, jmxPort, base, examples);
        try {
            server.awaitReady(paths);
            return server;
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw new IOException(e.getMessage() + "\n--- last lines of " + console + " ---\n" + tail(console, 40), e);
        }
    }

    /** Whether Tomcat's examples (the peer) are served too. */
    boolean hasExamples() {
        return examples;
    }

    static Path javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static List<String> jmxOptions(int jmxPort) {
        return List.of("-Dcom.sun.management.jmxremote.port=" + jmxPort, "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false");
    }

    URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + httpPort + path);
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the Tomcat process has used so far, in nanoseconds (0 if the system does not say). */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** The server JVM's maximum heap (its -Xmx), read over JMX. */
    long heapMax() throws IOException {
        return memory().getHeapMemoryUsage().getMax();
    }

    /** Heap in use after two full collections in the Tomcat JVM, read over JMX. */
    long heapAfterFullGc() throws IOException, InterruptedException {
        MemoryMXBean memory = memory();
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private MemoryMXBean memory() throws IOException {
        if (memory == null) {
            memory = ManagementFactory.newPlatformMXBeanProxy(connection(), ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        }
        return memory;
    }

    private MBeanServerConnection connection() throws IOException {
        if (jmx == null) {
            jmx = JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
        }
        return jmx.getMBeanServerConnection();
    }

    /**
     * The CPU time of each of the server JVM's Java threads so far, read over JMX: by thread id,
     * its name with every run of digits as {@code N} (so that a pool's threads share one name),
     * its CPU and its user-mode nanoseconds (the rest is the kernel's, in system calls). The
     * JVM's own threads (the JIT's compilers, the GC's) are not Java threads and are not here.
     * Empty if the JVM does not time its threads' CPU.
     */
    Map<Long, ThreadCpu> threadCpu() throws IOException {
        com.sun.management.ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(connection(),
                ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
        if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            return Map.of();
        }
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        long[] cpu = threads.getThreadCpuTime(ids);
        long[] user = threads.getThreadUserTime(ids);
        Map<Long, ThreadCpu> byId = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && cpu[i] >= 0) {
                byId.put(ids[i], new ThreadCpu(infos[i].getThreadName().replaceAll("[0-9]+", "N"), cpu[i], Math.max(0, user[i])));
            }
        }
        return byId;
    }

    /** One thread's CPU so far ({@link #threadCpu}). */
    record ThreadCpu(String name, long cpuNanos, long userNanos) {
    }

    private void awaitReady(List<String> paths) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (String path : paths) {
            boolean served = Poll.within(Poll.left(deadline), Duration.ofMillis(250), () -> !process.isAlive() || serves(path));
            if (!process.isAlive()) {
                throw new IOException("The server exited with " + process.exitValue() + " before " + path + " answered");
            }
            if (!served) {
                throw new IOException("The server did not serve " + path + " within " + START_TIMEOUT.toSeconds() + " s");
            }
        }
    }

    /**
     * Waits (at most 10 s) until our application counts no open connection
     * ({@code showcase_connections_open} in {@code api/metrics}, which loopback may read), so
     * that the next load or measurement starts from a server that has let go of the last one.
     */
    void awaitNoOpenConnections() {
        Poll.within(Duration.ofSeconds(10), Duration.ofMillis(100), () -> openConnections() == 0);
    }

    private long openConnections() {
        String metrics = get("/websocket-showcase/api/metrics");
        try {
            return metrics == null ? -1 : (long) metrics.lines().filter(line -> line.startsWith("showcase_connections_open{"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * Waits (at most {@code timeout}) until {@code path} answers 200 with a body that contains
     * {@code text}, and says whether it did: say {@code "redis":"ok"} in {@code api/ready}.
     */
    boolean awaitAnswer(String path, String text, Duration timeout) {
        return Poll.within(timeout, Duration.ofMillis(250), () -> {
            String body = get(path);
            return body != null && body.contains(text);
        });
    }

    /** The body of {@code GET path} if it answers 200 now, else null. */
    private String get(String path) {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + path).toURL().openConnection();
            http.setConnectTimeout(2000);
            http.setReadTimeout(5000);
            try (var in = http.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                http.disconnect();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether {@code path} answers 200 now. */
    private boolean serves(String path) {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + path).toURL().openConnection();
            http.setConnectTimeout(2000);
            http.setReadTimeout(5000);
            int status = http.getResponseCode();
            http.disconnect();
            return status == 200;
        } catch (IOException notYet) {
            return false; // still starting
        }
    }

    private synchronized void stop() {
        try {
            if (jmx != null) {
                jmx.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // the process goes anyway
        }
        jmx = null;
        memory = null;
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs stop() again, which finds the process gone
        }
    }

    Path base() {
        return base;
    }

    private static String serverXml(int httpPort) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by the benchmark: loopback only, no shutdown port (the process is stopped by a signal) -->
                <Server port="-1" shutdown="SHUTDOWN">
                  <Listener className="org.apache.catalina.startup.VersionLoggerListener" />
                  <Service name="Catalina">
                    <Connector port="%d" address="127.0.0.1" protocol="HTTP/1.1" connectionTimeout="20000"
                               maxConnections="30000" acceptCount="1000" />
                    <Engine name="Catalina" defaultHost="localhost">
                      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false" />
                    </Engine>
                  </Service>
                </Server>
                """.formatted(httpPort);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(file -> {
                try {
                    Path target = to.resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(not readable: " + e.getMessage() + ")";
        }
    }
}
