package dev.wsshowcase.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentest4j.TestAbortedException;

/**
 * The README's "nginx in front of them" run for {@code mvn verify -Premote,nginx-nodes}: one
 * {@link RedisServer}, two {@link TomcatNode}s with the built WAR and
 * {@code showcase.chat.redis-url} set to it, and an {@link NginxServer} with the README's
 * configuration, taken from README.md itself with only its three ports replaced, in front of
 * them. The suite's remote profile then runs against nginx's URL.
 *
 * <p>Three commands, one per Maven execution, talking through files in {@code <dir>}:
 * <ul>
 *   <li>{@code run <dir> <nginx port> <README.md>} (a process of its own, started in the
 *       background): starts everything, writes {@code state} ({@code READY}, or {@code SKIPPED}
 *       or {@code FAILED} with the reason), then keeps it all running until {@code stop} asks or
 *       the Maven process that started it is gone, and stops it all (then the file {@code stopped}), also when
 *       it is itself stopped (a shutdown hook).</li>
 *   <li>{@code await <dir> <seconds>}: waits for {@code READY}; fails on {@code FAILED}; on
 *       {@code SKIPPED} (nginx or redis-server missing, without
 *       {@code showcase.it.require-all}) returns, the suite having nothing to run:
 *       {@code excludes} then excludes every class.</li>
 *   <li>{@code stop <dir>}: asks {@code run} to stop everything and waits until it has.</li>
 * </ul>
 * The nodes get every {@code showcase.*} system property of {@code run} that is not a
 * {@code showcase.it.*} one, and their own {@code showcase.node.id} ({@code node1},
 * {@code node2}). With {@code showcase.it.nginx-nodes.without-redis=true} the nodes get no Redis:
 * the control, in which the chat tests fail (each node's rooms are its own).
 */
public final class NginxNodes {

    /** Set to true to start the nodes without Redis, each with a chat of its own: what the chat tests need Redis for. */
    static final String WITHOUT_REDIS = "showcase.it.nginx-nodes.without-redis";
    static final String SECTION = "### nginx in front of them";
    static final String LISTEN = "listen 8080;";
    static final List<String> UPSTREAMS = List.of("server 127.0.0.1:8081;", "server 127.0.0.1:8082;");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration BOTH_NODES_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<TomcatNode> nodes = new ArrayList<>();
    private boolean stopped;

    private NginxNodes(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "run" -> new NginxNodes(dir).run(Integer.parseInt(args[2]), Path.of(args[3]));
            case "await" -> await(dir, Duration.ofSeconds(Long.parseLong(args[2])));
            case "stop" -> stop(dir);
            default -> throw new IllegalArgumentException("run, await or stop, not " + args[0]);
        }
    }

    /** The nginx block of the README's section {@value #SECTION}, as it stands there. */
    static String readmeBlock(String readme) {
        int section = readme.indexOf("\n" + SECTION + "\n");
        if (section < 0) {
            throw new AssertionError("README.md has no section \"" + SECTION + "\"");
        }
        int start = readme.indexOf("\n```nginx\n", section);
        int next = readme.indexOf("\n#", section + SECTION.length() + 1);
        if (start < 0 || (next >= 0 && start > next)) {
            throw new AssertionError("README.md's section \"" + SECTION + "\" has no ```nginx block");
        }
        start += "\n```nginx\n".length();
        int end = readme.indexOf("\n```\n", start - 1);
        return readme.substring(start, end + 1);
    }

    /** The README's block with nginx listening on 127.0.0.1:{@code port} in front of the two node ports. */
    static String balancing(String block, int port, int node1, int node2) {
        String configured = replaceOnce(block, LISTEN, "listen 127.0.0.1:" + port + ";");
        configured = replaceOnce(configured, UPSTREAMS.get(0), "server 127.0.0.1:" + node1 + ";");
        return replaceOnce(configured, UPSTREAMS.get(1), "server 127.0.0.1:" + node2 + ";");
    }

    private static String replaceOnce(String text, String what, String with) {
        int at = text.indexOf(what);
        if (at < 0 || text.indexOf(what, at + 1) >= 0) {
            throw new AssertionError("README.md's nginx block must have \"" + what + "\" exactly once (the run replaces it):\n" + text);
        }
        return text.substring(0, at) + with + text.substring(at + what.length());
    }

    private void run(int port, Path readme) throws Exception {
        Files.createDirectories(dir);
        for (String file : List.of("state", "stop", "stopped", "excludes", "nodes.properties")) {
            Files.deleteIfExists(dir.resolve(file));
        }
        Files.writeString(dir.resolve("pid"), Long.toString(ProcessHandle.current().pid()));
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "nginx-nodes-stop"));
        try {
            String block = readmeBlock(Files.readString(readme, StandardCharsets.UTF_8));
            Path nginxBinary = NginxServer.require();
            Map<String, String> properties = new HashMap<>();
            System.getProperties().stringPropertyNames().stream()
                    .filter(name -> name.startsWith("showcase.") && !name.startsWith("showcase.it."))
                    .forEach(name -> properties.put(name, System.getProperty(name)));
            RedisServer redis = null;
            if (!Boolean.getBoolean(WITHOUT_REDIS)) {
                redis = RedisServer.start();
                running.add(redis);
                properties.put("showcase.chat.redis-url", redis.url());
            }
            List<CompletableFuture<TomcatNode>> starts = new ArrayList<>();
            for (String name : List.of("node1", "node2")) {
                Map<String, String> own = new HashMap<>(properties);
                own.put("showcase.node.id", name);
                starts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return TomcatNode.start(name, own);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                }));
            }
            Throwable failed = null;
            for (CompletableFuture<TomcatNode> start : starts) {
                try {
                    TomcatNode node = start.join();
                    nodes.add(node);
                    running.add(node);
                } catch (CompletionException e) {
                    failed = failed == null ? e.getCause() : failed;
                }
            }
            if (failed != null) {
                if (failed instanceof Exception cause) {
                    throw cause;
                }
                throw new AssertionError(failed);
            }
            for (TomcatNode node : nodes) {
                Scrapes.awaitReady(new Target("tomcat11", node.base()), BOTH_NODES_TIMEOUT);
            }
            String configured = balancing(block, port, nodes.get(0).base().getPort(), nodes.get(1).base().getPort());
            NginxServer nginx = NginxServer.start(nginxBinary, dir.resolve("nginx"), configured, port);
            running.add(nginx);
            URI url = URI.create("http://127.0.0.1:" + port + "/websocket-showcase/");
            Set<String> served = bothNodesAnswer(url);
            String chat = redis == null ? "each node's chat its own (" + WITHOUT_REDIS + ")" : "on " + redis.url();
            Files.writeString(dir.resolve("nodes.properties"), "url=" + url + "\nnode1=" + nodes.get(0).base()
                    + "\nnode2=" + nodes.get(1).base() + "\nchat=" + chat + "\n");
            Files.writeString(dir.resolve("excludes"), "# the suite runs: nothing excluded here\n");
            state("READY nginx at " + url + " in front of " + nodes.get(0).base() + " and " + nodes.get(1).base()
                    + " (nodes " + served + " answered through it), " + chat);
        } catch (TestAbortedException e) {
            Files.writeString(dir.resolve("excludes"), "# nothing to run against\n**/*\n");
            state("SKIPPED " + e.getMessage());
            stopAll();
            return;
        } catch (Exception | Error e) {
            state("FAILED " + e);
            e.printStackTrace();
            stopAll();
            return;
        }
        ProcessHandle maven = ProcessHandle.current().parent().orElse(null);
        Poll.within(Duration.ofHours(3), Duration.ofMillis(200),
                () -> Files.exists(dir.resolve("stop")) || maven == null || !maven.isAlive());
        stopAll();
    }

    /** Asks {@code api/info} through nginx until both nodes have answered: the balancer reaches both. */
    private static Set<String> bothNodesAnswer(URI url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Set<String> served = new TreeSet<>();
        Pattern node = Pattern.compile("\"node\":\"([^\"]*)\"");
        return Poll.until(BOTH_NODES_TIMEOUT, "both nodes to answer through nginx at " + url + " (so far " + served + ")", () -> {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.resolve("api/info"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher matcher = node.matcher(response.body());
                if (response.statusCode() == 200 && matcher.find()) {
                    served.add(matcher.group(1));
                }
            } catch (IOException e) {
                return null;
            }
            return served.size() == 2 ? served : null;
        });
    }

    private void state(String state) throws IOException {
        System.out.println("[nginx-nodes] " + state);
        Path temp = dir.resolve("state.tmp");
        Files.writeString(temp, state);
        Files.move(temp, dir.resolve("state"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Stops nginx, then the nodes (together, each as an operator would), then Redis; keeps the nodes' logs in {@code dir}. */
    private synchronized void stopAll() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (int i = 0; i < nodes.size(); i++) {
            TomcatNode node = nodes.get(i);
            try {
                Files.writeString(dir.resolve("node" + (i + 1) + ".log"), node.output(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                System.err.println("[nginx-nodes] could not keep node " + (i + 1) + "'s logs: " + e);
            }
        }
        List<AutoCloseable> order = new ArrayList<>(running);
        java.util.Collections.reverse(order);
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (AutoCloseable resource : order) {
            if (resource instanceof TomcatNode) {
                stops.add(CompletableFuture.runAsync(() -> close(resource)));
            } else {
                stops.forEach(CompletableFuture::join);
                stops.clear();
                close(resource);
            }
        }
        stops.forEach(CompletableFuture::join);
        try {
            Files.writeString(dir.resolve("stopped"), "stopped\n");
        } catch (IOException e) {
            System.err.println("[nginx-nodes] " + e);
        }
        if (!running.isEmpty()) {
            System.out.println("[nginx-nodes] stopped " + running.stream().map(r -> r.getClass().getSimpleName()).toList());
        }
    }

    private static void close(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception | Error e) {
            System.err.println("[nginx-nodes] stopping " + resource.getClass().getSimpleName() + " failed: " + e);
        }
    }

    private static String readState(Path dir) throws IOException {
        Path state = dir.resolve("state");
        return Files.exists(state) ? Files.readString(state, StandardCharsets.UTF_8) : "";
    }

    private static ProcessHandle launcher(Path dir) throws IOException {
        Path pid = dir.resolve("pid");
        if (!Files.exists(pid)) {
            return null;
        }
        return ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).orElse(null);
    }

    private static void await(Path dir, Duration timeout) throws Exception {
        String state = Poll.until(timeout, Duration.ofMillis(250), "nginx and the nodes to start (" + dir + ")", () -> {
            String now = readState(dir);
            if (!now.isEmpty()) {
                return now;
            }
            ProcessHandle launcher = launcher(dir);
            if (Files.exists(dir.resolve("pid")) && (launcher == null || !launcher.isAlive())) {
                throw new AssertionError("the nginx-nodes launcher exited without saying why (see the build's output above)");
            }
            return null;
        });
        if (state.startsWith("FAILED")) {
            throw new AssertionError("nginx and the nodes did not start: " + state.substring("FAILED ".length()));
        }
        if (state.startsWith("SKIPPED")) {
            System.err.println("\n**********\nWARNING: -Pnginx-nodes ran no test. " + state.substring("SKIPPED ".length())
                    + "\n**********\n");
        }
    }

    private static void stop(Path dir) throws Exception {
        ProcessHandle launcher = launcher(dir);
        if (launcher == null || !launcher.isAlive()) {
            return;
        }
        Files.writeString(dir.resolve("stop"), "stop\n");
        if (!Poll.within(Duration.ofMinutes(3), Duration.ofMillis(200), () -> !launcher.isAlive())) {
            throw new AssertionError("the nginx-nodes launcher did not stop within 3 minutes (" + readState(dir) + ")");
        }
    }
}
