package dev.wsshowcase.bench;

import dev.wsshowcase.testsupport.Poll;
import dev.wsshowcase.testsupport.RawWebSocket;
import dev.wsshowcase.testsupport.RedisServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Our chat and echo side by side with Tomcat's own examples (ChatAnnotation, EchoAnnotation) in
 * ONE Tomcat 11 process, driven by a load client in this (separate) JVM. Run by
 * {@code mvn -Pbenchmark verify} (README, "Benchmark it"); every figure is printed, none is
 * asserted.
 *
 * <ul>
 * <li>fan-out: N members in one room, one of them sends at a fixed rate; deliveries are timed
 *     from when each message was due to be sent (so a stalled sender shows as latency);</li>
 * <li>slow member: the same with one member that never reads, and without it;</li>
 * <li>idle memory: heap after a full GC with N idle connections on each endpoint, minus the
 *     heap before they opened;</li>
 * <li>echo round trip, ours and EchoAnnotation's alternately on one connection each;</li>
 * <li>nodes (opt-in): the fan-out on one node, on one node through Redis, and with the members
 *     split over two nodes on one Redis (two more Tomcat processes, a redis-server of its own).</li>
 * </ul>
 */
public final class SideBySideBenchmark {

    private static final String OURS = "ours";
    private static final String PEER = "ChatAnnotation";
    private static final AtomicInteger ROOMS = new AtomicInteger();

    private final ServerProcess tomcat;
    private final NioWsClient client;
    private final Launch launch;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private SideBySideBenchmark(ServerProcess tomcat, NioWsClient client, Launch launch) {
        this.tomcat = tomcat;
        this.client = client;
        this.launch = launch;
    }

    /** How a Tomcat of the benchmark is started: Tomcat's home, the WAR, its heap and our settings for the load. */
    private record Launch(Path home, Path war, String heap, Map<String, String> settings) {

        /** A Tomcat with its CATALINA_BASE at {@code base}, with our settings and {@code more}. */
        ServerProcess tomcat(Path base, Map<String, String> more) throws IOException, InterruptedException {
            Map<String, String> properties = new LinkedHashMap<>(settings);
            properties.putAll(more);
            return ServerProcess.start(home, base, war, heap, properties);
        }
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(required("bench.catalina.home"));
        Path war = Path.of(required("bench.war"));
        Path base = Path.of(required("bench.base"));
        Set<String> scenarios = Arrays.stream(System.getProperty("bench.scenarios", "fanout,slow,idle,echo").split(","))
                .map(String::trim).collect(Collectors.toSet());
        int threads = Integer.getInteger("bench.client.threads", 1);
        String heap = System.getProperty("bench.heap", "1g");
        String container = System.getProperty("bench.container", "tomcat");
        if (!List.of("tomcat", "payara", "jetty").contains(container)) {
            throw new IllegalArgumentException("-Dbench.container must be tomcat, payara or jetty, not " + container);
        }
        int status = 1;
        Map<String, String> settings = new LinkedHashMap<>();
        // Our limits raised for the load: every client is 127.0.0.1, one room holds everyone, one member sends fast
        settings.put("showcase.limits.max-connections", "100000");
        settings.put("showcase.limits.max-connections-per-address", "100000");
        settings.put("showcase.chat.max-members-per-room", "100000");
        settings.put("showcase.chat.rate-per-second", "100000");
        settings.put("showcase.chat.rate-burst", "100000");
        String serverName = switch (container) {
            case "payara" -> "Payara Micro";
            case "jetty" -> "Jetty";
            default -> "Tomcat";
        };
        System.out.printf(container.equals("tomcat")
                ? "benchmark: one Tomcat 11 (-Xmx%s) with websocket-showcase.war and Tomcat's examples; load client in a separate JVM%n"
                : "benchmark: " + (container.equals("jetty") ? "Jetty 12 (ee10)" : "Payara Micro 6")
                + " (-Xmx%s) with websocket-showcase.war only (no peer there); load client in a separate JVM%n", heap);
        System.out.printf("machine: %d cores, %s %s; client: NIO, %d selector thread(s); started %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                threads, Instant.now());
        System.out.printf("our settings for the load: %s%n", settings);
        System.out.printf("load average at the start: %.1f (other processes on the machine share its cores)%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Launch launch = new Launch(home, war, heap, settings);
        try (ServerProcess tomcat = switch (container) {
            case "payara" -> ServerProcess.startPayara(Path.of(required("bench.payara.jar")), base.resolveSibling("payara"), war, heap, settings);
            case "jetty" -> ServerProcess.startJetty(Path.of(required("bench.jetty.home")), base.resolveSibling("jetty"), war, heap, settings);
            default -> launch.tomcat(base, Map.of());
        };
             NioWsClient client = new NioWsClient(threads)) {
            System.out.printf("%s pid %d, %s%n%n", serverName, tomcat.pid(), tomcat.ws("/"));
            SideBySideBenchmark bench = new SideBySideBenchmark(tomcat, client, launch);
            if (scenarios.contains("clients")) {
                bench.clients();
            }
            if (scenarios.contains("fanout")) {
                bench.fanout();
            }
            if (scenarios.contains("slow")) {
                bench.slowMember();
            }
            if (scenarios.contains("idle")) {
                bench.idleMemory();
            }
            if (scenarios.contains("echo")) {
                bench.echo();
            }
            if (scenarios.contains("nodes")) {
                bench.nodes();
            }
            if (scenarios.contains("clock")) {
                bench.clock();
            }
            System.out.printf("done %s, load average %.1f%n", Instant.now(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            status = 0;
        } catch (Exception e) {
            System.out.println("benchmark failed: " + e);
            e.printStackTrace(System.out);
        }
        System.out.flush();
        System.exit(status);
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("-D" + name + " is required (the pom's benchmark profile sets it)");
        }
        return value;
    }

    // ---------------------------------------------------------------- fan-out

    /**
     * A chat to run a load on: the URI of member i, the server processes its members are on
     * (whose CPU is measured and which must let go of them after the load), and the
     * redis-server it goes through, if any.
     */
    private record Chat(String name, IntFunction<URI> member, List<ServerProcess> nodes, ProcessHandle redis) {
    }

    private Chat ours() {
        return ours(OURS, null, tomcat);
    }

    /** A new room of ours; member i on {@code nodes[i % nodes.length]}, so member 0 (the sender) on the first. */
    private static Chat ours(String name, ProcessHandle redis, ServerProcess... nodes) {
        String room = "bench" + ROOMS.incrementAndGet();
        return new Chat(name, i -> nodes[Math.floorMod(i, nodes.length)]
                .ws("/websocket-showcase/chat/" + room + "?name=" + (i < 0 ? "slow" : "m" + i)), List.of(nodes), redis);
    }

    private Chat peer() {
        return new Chat(PEER, i -> tomcat.ws("/examples/websocket/chat"), List.of(tomcat), null);
    }

    /**
     * What one load on one chat gave (or the median of each figure over rounds). serverCpu is
     * that of all its nodes, nodeCpu that of each; redisCpu is NaN without Redis.
     */
    private record Load(String chat, double offeredPerSecond, long offered, long sent, long expected, long lost,
                        double deliveredPerSecond, double p50, double p99, double max, long dropped, double serverCpu,
                        double[] nodeCpu, double redisCpu, double clientCpu, double clientMicrosPerDelivery, double loadAverage,
                        double joinSeconds, long joinRetries, String slowMember, List<String> notices) {

        static Load of(String chat, double offeredPerSecond, long offered, long sent, long expected, long received,
                       double deliveredPerSecond, Histogram latencies, long dropped, double[] nodeCpu, double redisCpu,
                       double clientCpu, double clientMicrosPerDelivery, double joinSeconds, long joinRetries, String slowMember,
                       List<String> notices) {
            boolean none = latencies.getTotalCount() == 0;
            return new Load(chat, offeredPerSecond, offered, sent, expected, expected - received, deliveredPerSecond,
                    none ? Double.NaN : latencies.getValueAtPercentile(50) / 1000.0,
                    none ? Double.NaN : latencies.getValueAtPercentile(99) / 1000.0,
                    none ? Double.NaN : latencies.getMaxValue() / 1000.0,
                    dropped, Arrays.stream(nodeCpu).sum(), nodeCpu, redisCpu, clientCpu, clientMicrosPerDelivery,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), joinSeconds, joinRetries, slowMember, notices);
        }

        /** Figures of nothing: the load could not run here (no peer on this container). */
        static Load none(String chat) {
            return new Load(chat, Double.NaN, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN,
                    new double[0], Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, "-", List.of());
        }

        boolean isNone() {
            return Double.isNaN(offeredPerSecond);
        }

        /** The median of each figure over rounds; the texts of the last round. */
        static Load median(List<Load> rounds) {
            Load last = rounds.get(rounds.size() - 1);
            double[] nodeCpu = new double[last.nodeCpu.length];
            for (int node = 0; node < nodeCpu.length; node++) {
                int n = node;
                nodeCpu[node] = med(rounds, l -> l.nodeCpu[n]);
            }
            return new Load(last.chat, med(rounds, Load::offeredPerSecond), last.offered, (long) med(rounds, Load::sent),
                    (long) med(rounds, Load::expected), (long) med(rounds, Load::lost), med(rounds, Load::deliveredPerSecond),
                    med(rounds, Load::p50), med(rounds, Load::p99), med(rounds, Load::max), (long) med(rounds, Load::dropped),
                    med(rounds, Load::serverCpu), nodeCpu, med(rounds, Load::redisCpu), med(rounds, Load::clientCpu),
                    med(rounds, Load::clientMicrosPerDelivery), med(rounds, Load::loadAverage), med(rounds, Load::joinSeconds),
                    (long) med(rounds, Load::joinRetries),
                    rounds.stream().map(Load::slowMember).collect(Collectors.joining("; ")),
                    rounds.stream().flatMap(l -> l.notices.stream()).limit(3).toList());
        }

        private static double med(List<Load> rounds, ToDoubleFunction<Load> figure) {
            double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
            return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
        }
    }

    /** One load to run (a call of {@link #run}). */
    @FunctionalInterface
    private interface LoadRun {
        Load run() throws Exception;
    }

    /** The shape of a fan-out load: {@code bench.members}, {@code bench.payload}, {@code bench.seconds} and the rates. */
    private record Shape(int members, int payload, int seconds, int[] rates) {

        static Shape of(String ratesProperty, String defaultRates) {
            return new Shape(Integer.getInteger("bench.members", 1000), Integer.getInteger("bench.payload", 64),
                    Integer.getInteger("bench.seconds", 10), Arrays.stream(System.getProperty(ratesProperty, defaultRates).split(","))
                    .map(String::trim).mapToInt(Integer::parseInt).toArray());
        }

        String title(int rate) {
            return String.format("%d msg/s x %d = %,d deliveries/s offered", rate, members, (long) rate * members);
        }
    }

    private static int rounds() {
        return Math.max(1, Integer.getInteger("bench.rounds", 1));
    }

    /** Each of {@code loads} in turn, {@link #rounds()} times, and the median of each over the rounds. */
    private static List<Load> medians(List<LoadRun> loads) throws Exception {
        List<List<Load>> rounds = new ArrayList<>();
        loads.forEach(load -> rounds.add(new ArrayList<>()));
        for (int round = 0; round < rounds(); round++) {
            for (int i = 0; i < loads.size(); i++) {
                rounds.get(i).add(loads.get(i).run());
            }
        }
        return rounds.stream().map(Load::median).toList();
    }

    private void fanout() throws Exception {
        Shape shape = Shape.of("bench.rates", "50,100,200");
        System.out.printf("== fan-out: %d members in one room, one of them sends at a fixed rate, %d-byte payload, %d s per load ==%n",
                shape.members(), shape.payload(), shape.seconds());
        // warm-up of both sides (JIT), not reported
        run(ours(), shape.members(), 50, shape.payload(), 5, false);
        runPeer(shape.members(), 50, shape.payload(), 5, false);
        for (int rate : shape.rates()) {
            List<Load> loads = medians(List.of(() -> run(ours(), shape.members(), rate, shape.payload(), shape.seconds(), false),
                    () -> runPeer(shape.members(), rate, shape.payload(), shape.seconds(), false)));
            printLoads(shape.title(rate) + roundsNote(), loads.get(0), loads.get(1));
        }
        System.out.println();
    }

    /** The two load clients on one load from ChatAnnotation: which one keeps up. */
    private void clients() throws Exception {
        if (!tomcat.hasExamples()) {
            System.out.println("== load clients: needs Tomcat's examples, skipped ==");
            return;
        }
        Shape shape = Shape.of("bench.clients.rates", "100,200");
        System.out.printf("== load clients: ChatAnnotation, %d members, members on this NIO client or on java.net.http.WebSocket, %d s per load ==%n",
                shape.members(), shape.seconds());
        run(peer(), shape.members(), 50, shape.payload(), 5, false, false);
        run(peer(), shape.members(), 50, shape.payload(), 5, false, true);
        for (int rate : shape.rates()) {
            Load nio = run(peer(), shape.members(), rate, shape.payload(), shape.seconds(), false, false);
            Load jdk = run(peer(), shape.members(), rate, shape.payload(), shape.seconds(), false, true);
            printLoads(shape.title(rate) + ", from ChatAnnotation", List.of("NIO client", "JDK WebSocket"),
                    List.of(new Ratio("nio/jdk", 0, 1)), List.of(nio, jdk));
        }
        System.out.println();
    }

    private void slowMember() throws Exception {
        int members = Integer.getInteger("bench.slow.members", 100);
        int rate = Integer.getInteger("bench.slow.rate", 200);
        int payload = Integer.getInteger("bench.slow.payload", 1024);
        int seconds = Integer.getInteger("bench.slow.seconds", 40);
        int baselineSeconds = Integer.getInteger("bench.slow.baseline-seconds", 20);
        System.out.printf("== slow member: %d members, %d msg/s, %d-byte payload; one member never reads (%d s), and the same without it (%d s) ==%n",
                members, rate, payload, seconds, baselineSeconds);
        long heapBefore = tomcat.heapAfterFullGc();
        List<Load> loads = medians(List.of(
                () -> run(ours(), members, rate, payload, baselineSeconds, false),
                () -> runPeer(members, rate, payload, baselineSeconds, false),
                () -> run(ours(), members, rate, payload, seconds, true),
                () -> runPeer(members, rate, payload, seconds, true)));
        Load oursWithout = loads.get(0);
        Load peerWithout = loads.get(1);
        Load ours = loads.get(2);
        Load peer = loads.get(3);
        printLoads("without the slow member" + roundsNote(), oursWithout, peerWithout);
        printLoads("with one member that never reads (lost: for the others)" + roundsNote(), ours, peer);
        System.out.printf("  %-34s %-44s | %s%n", "the member that never reads", ours.slowMember(), peer.slowMember());
        System.out.printf("  %-34s %-44s | %s%n", "what the others were told", String.join("; ", ours.notices()), String.join("; ", peer.notices()));
        row("p99 with / without it", ours.p99() / oursWithout.p99(), peer.p99() / peerWithout.p99(), "%.2f");
        long max = tomcat.heapMax();
        System.out.printf("  server heap after a full GC (JMX): %.1f MiB before the slow scenario, %.1f MiB at its end (all closed), of %.0f MiB (-Xmx)%n",
                heapBefore / 1048576.0, tomcat.heapAfterFullGc() / 1048576.0, max / 1048576.0);
        System.out.println();
    }

    // ---------------------------------------------------------------- nodes

    /**
     * The fan-out (a) on one node with the chat in its JVM (the benchmark's Tomcat), (b) on one
     * node through Redis, (c) with the members on two nodes through one Redis, alternately; a
     * redis-server of its own on a free loopback port and two more Tomcat processes, stopped at
     * the end.
     */
    private void nodes() throws Exception {
        Shape shape = Shape.of("bench.rates", "50,100,200");
        System.out.printf("== nodes: %d members in one room, one of them sends at a fixed rate, %d-byte payload, %d s per load; "
                + "(a) one node, chat in its JVM; (b) one node through Redis; (c) two nodes on one Redis, members half and half, "
                + "the sender on the first ==%n", shape.members(), shape.payload(), shape.seconds());
        if (!tomcat.hasExamples()) {
            System.out.println("  needs -Dbench.container=tomcat (the nodes are Tomcat processes): skipped");
            System.out.println();
            return;
        }
        Redis redis = startRedis();
        if (redis == null) {
            return;
        }
        Thread stopRedis = new Thread(redis::close, "stop-benchmark-redis");
        Runtime.getRuntime().addShutdownHook(stopRedis);
        try (ServerProcess first = redisNode("node1", redis.server()); ServerProcess second = redisNode("node2", redis.server())) {
            System.out.printf("  redis-server pid %s on 127.0.0.1:%d (no persistence); (a) Tomcat pid %d; (b) and (c) node1 pid %d, "
                            + "(c) node2 pid %d, with showcase.chat.redis-url=%s%n", redis.process() == null ? "?" : redis.process().pid(),
                    redis.server().port(), tomcat.pid(), first.pid(), second.pid(), redis.server().url());
            List<String> names = List.of("(a) 1 node", "(b) 1 node, Redis", "(c) 2 nodes, Redis");
            IntFunction<List<LoadRun>> loads = rate -> List.of(
                    () -> run(ours(names.get(0), null, tomcat), shape.members(), rate, shape.payload(), shape.seconds(), false),
                    () -> run(ours(names.get(1), redis.process(), first), shape.members(), rate, shape.payload(), shape.seconds(), false),
                    () -> run(ours(names.get(2), redis.process(), first, second), shape.members(), rate, shape.payload(), shape.seconds(), false));
            // warm-up of every node (JIT), not reported
            for (LoadRun warmUp : loads.apply(50)) {
                warmUp.run();
            }
            for (int rate : shape.rates()) {
                printLoads(shape.title(rate) + roundsNote(), names, List.of(new Ratio("(c)/(a)", 2, 0), new Ratio("(c)/(b)", 2, 1)),
                        medians(loads.apply(rate)));
            }
        } finally {
            redis.close();
            Runtime.getRuntime().removeShutdownHook(stopRedis);
        }
        System.out.println();
    }

    /** The benchmark's redis-server, and its process (for its CPU time; null if it could not be told apart). */
    private record Redis(RedisServer server, ProcessHandle process) {

        void close() {
            try {
                server.close();
            } catch (Exception e) {
                System.out.println("could not stop redis-server on port " + server.port() + ": " + e);
            }
        }
    }

    /** A redis-server of the benchmark's own, or null (said loudly) where there is none. */
    private static Redis startRedis() throws Exception {
        // the one child of this JVM that was not there before is the redis-server (it renames itself: no command to match)
        Set<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
        try {
            RedisServer server = RedisServer.start();
            List<ProcessHandle> started = ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).toList();
            return new Redis(server, started.size() == 1 ? started.get(0) : null);
        } catch (AssertionError failed) {
            // it did not answer in time or exited, and RedisServer does not stop one that runs on
            ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).forEach(ProcessHandle::destroyForcibly);
            throw new IOException("redis-server did not start: " + failed.getMessage(), failed);
        } catch (org.opentest4j.TestAbortedException noRedis) {
            System.out.println();
            System.out.println("  **********");
            System.out.println("  WARNING: the nodes scenario DID NOT RUN: " + noRedis.getMessage());
            System.out.println("  **********");
            System.out.println();
            return null;
        }
    }

    /** A Tomcat with our settings and the chat on {@code redis}, once its readiness says Redis is reached. */
    private ServerProcess redisNode(String name, RedisServer redis) throws IOException, InterruptedException {
        ServerProcess node = launch.tomcat(tomcat.base().resolveSibling(name), Map.of("showcase.chat.redis-url", redis.url()));
        if (!node.awaitAnswer("/websocket-showcase/api/ready", "\"redis\":\"ok\"", Duration.ofSeconds(60))) {
            node.close();
            throw new IOException(name + " did not report Redis reached (api/ready) within 60 s; see " + node.base().resolve("logs"));
        }
        return node;
    }

    // ---------------------------------------------------------------- one load

    /**
     * One load: {@code members} connections join (the first one sends), at {@code rate}
     * messages a second for {@code seconds}; with {@code slow}, one more member that never reads.
     */
    private Load run(Chat chat, int members, int rate, int payload, int seconds, boolean slow) throws Exception {
        return run(chat, members, rate, payload, seconds, slow, false);
    }

    /** The load on ChatAnnotation, or figures of nothing where the container has no examples. */
    private Load runPeer(int members, int rate, int payload, int seconds, boolean slow) throws Exception {
        if (!tomcat.hasExamples()) {
            return Load.none(PEER);
        }
        return run(peer(), members, rate, payload, seconds, slow);
    }

    /** The same, and with {@code jdkMembers} every member but the sender on the JDK's WebSocket client. */
    private Load run(Chat chat, int members, int rate, int payload, int seconds, boolean slow, boolean jdkMembers) throws Exception {
        int drainSeconds = Integer.getInteger("bench.drain-seconds", 10);
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i < members - (slow ? 1 : 0); i++) {
            uris.add(chat.member().apply(i));
        }
        JdkMembers jdk = jdkMembers ? new JdkMembers(client) : null;
        long joinStart = System.nanoTime();
        int retriedBefore = client.retried.get();
        List<NioWsClient.Conn> conns = client.open(jdk == null ? uris : uris.subList(0, 1), 50, true, Duration.ofSeconds(180));
        if (jdk != null) {
            try {
                jdk.open(uris.subList(1, uris.size()), Duration.ofSeconds(180));
            } catch (IOException | InterruptedException e) {
                jdk.close();
                client.closeAll(conns, Duration.ofSeconds(20));
                throw e;
            }
        }
        double joinSeconds = (System.nanoTime() - joinStart) / 1e9;
        int receivers = conns.size() + (jdk == null ? 0 : jdk.size());
        RawWebSocket slowMember = null;
        NioWsClient.Conn watcher = conns.get(conns.size() - 1);
        try {
            if (slow) {
                slowMember = RawWebSocket.connect(chat.member().apply(-1), 16 * 1024, Map.of());
                watcher.watch = true; // sees the slow member's join, and its leave if it is dropped
            }
            client.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(60));
            // a member refused with 1013 just after its first text: joined again, as a client would
            if (client.retryRefused(conns, 50, true, Duration.ofSeconds(60)) > 0) {
                client.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(60));
            }
            long joinRetries = client.retried.get() - retriedBefore;
            NioWsClient.Conn sender = conns.get(0);
            client.notices.clear();
            int closedBefore = client.closed.get();
            NioWsClient.Run measured = new NioWsClient.Run();
            measured.histogram();
            client.measure(measured);
            long[] nodeCpu0 = chat.nodes().stream().mapToLong(ServerProcess::cpuNanos).toArray();
            long redisCpu0 = cpuNanos(chat.redis());
            long clientCpu0 = os.getProcessCpuTime();
            long offered = (long) rate * seconds;
            long period = 1_000_000_000L / rate;
            byte[] frame = NioWsClient.stampedFrame(payload);
            long start = System.nanoTime();
            client.noticeZero = start;
            long giveUp = start + (seconds + 1) * 1_000_000_000L;
            long sent = 0;
            for (long i = 0; i < offered; i++) {
                long due = start + i * period;
                long wait = due - System.nanoTime();
                if (wait > 20_000) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                NioWsClient.stamp(frame, due - client.origin);
                if (!sender.isOpen() || System.nanoTime() > giveUp || !sender.sendText(frame, giveUp)) {
                    break;
                }
                sent++;
            }
            long expected = sent * receivers;
            long drainUntil = System.nanoTime() + drainSeconds * 1_000_000_000L;
            Poll.within(Poll.left(drainUntil), Duration.ofMillis(10), () -> measured.deliveries.sum() >= expected);
            long end = System.nanoTime();
            client.measure(null);
            long received = measured.deliveries.sum();
            long last = received == 0 ? end : measured.lastDelivery;
            // from the first message due to the last delivery, and at least the time the load lasted
            double window = Math.max(last - start, seconds * 1_000_000_000L) / 1e9;
            double[] nodeCpu = new double[nodeCpu0.length];
            for (int node = 0; node < nodeCpu.length; node++) {
                nodeCpu[node] = (chat.nodes().get(node).cpuNanos() - nodeCpu0[node]) / (double) (end - start) * 100;
            }
            double redisCpu = chat.redis() == null ? Double.NaN : (cpuNanos(chat.redis()) - redisCpu0) / (double) (end - start) * 100;
            long clientCpuNanos = os.getProcessCpuTime() - clientCpu0;
            double clientCpu = clientCpuNanos / (double) (end - start) * 100;
            Histogram latencies = measured.histogram();
            long dropped = conns.stream().filter(c -> !c.isOpen()).count() + (jdk == null ? 0 : jdk.closed.get());
            String slowResult = slowMember == null ? "" : String.format("heap after GC at the load's end %.1f MiB; ",
                    chat.nodes().get(0).heapAfterFullGc() / 1048576.0) + slowOutcome(slowMember, start);
            client.awaitQuiet(Duration.ofMillis(200), Duration.ofSeconds(2)); // the last notices of the load
            List<String> notices = new ArrayList<>(client.notices);
            notices.removeIf(n -> n.contains("has joined") || n.contains("\"type\":\"join\""));
            return Load.of(chat.name(), (double) rate * receivers, offered, sent, expected, received, received / window,
                    latencies, dropped, nodeCpu, redisCpu, clientCpu, received == 0 ? Double.NaN : clientCpuNanos / 1000.0 / received, joinSeconds, joinRetries, slowResult,
                    notices.stream().map(n -> n.length() > 120 ? n.substring(0, 120) + "..." : n).limit(3).toList());
        } finally {
            watcher.watch = false;
            client.measure(null);
            if (slowMember != null) {
                slowMember.close();
            }
            if (jdk != null) {
                jdk.closeAll();
                jdk.close();
            }
            client.closeAll(conns, Duration.ofSeconds(20));
            chat.nodes().forEach(ServerProcess::awaitNoOpenConnections);
        }
    }

    /** CPU time {@code process} has used so far, in nanoseconds (0 if none or the system does not say). */
    private static long cpuNanos(ProcessHandle process) {
        return process == null ? 0 : process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Reads what the member that never read was sent, to see whether and how it was closed. */
    private static String slowOutcome(RawWebSocket ws, long start) {
        long frames = 0;
        long bytes = 0;
        try {
            ws.timeout(Duration.ofSeconds(5));
            while (bytes < 512L * 1024 * 1024) {
                RawWebSocket.Frame frame = ws.readAnyFrame();
                if (frame.opcode() == RawWebSocket.CLOSE) {
                    return String.format("closed %d (%s) after %,d frames", frame.closeCode(), frame.closeReason(), frames);
                }
                frames++;
                bytes += frame.payload().length;
            }
            return String.format("still open after %,d frames", frames);
        } catch (java.net.SocketTimeoutException e) {
            return String.format("open, not closed: %,d frames then nothing for 5 s", frames);
        } catch (IOException e) {
            return String.format("ended without a close frame (%s) after %,d frames",
                    e instanceof java.io.EOFException ? "end of stream" : e.toString(), frames);
        }
    }

    private static String roundsNote() {
        return rounds() == 1 ? "" : ", median of " + rounds() + " rounds (the columns' loads in turn)";
    }

    /** A column of figures divided by another: {@code over} / {@code under}, indexes of the loads. */
    private record Ratio(String name, int over, int under) {
    }

    private static void printLoads(String title, Load ours, Load peer) {
        printLoads(title, List.of(OURS, PEER), List.of(new Ratio("ours/peer", 0, 1)), List.of(ours, peer));
    }

    /** The loads side by side, one column each (a load that could not run shows "-"), then the ratios. */
    private static void printLoads(String title, List<String> names, List<Ratio> ratios, List<Load> loads) {
        System.out.printf("%s%n", title);
        line("", names, ratios.stream().map(Ratio::name).toList());
        figure("offered deliveries/s", loads, ratios, Load::offeredPerSecond, "%,.0f");
        line("messages sent / due", loads.stream().map(l -> l.isNone() ? "-" : String.format("%,d / %,d", l.sent(), l.offered())).toList(),
                List.of());
        figure("delivered/s", loads, ratios, Load::deliveredPerSecond, "%,.0f");
        figure("latency p50 ms", loads, ratios, Load::p50, "%,.1f");
        figure("latency p99 ms", loads, ratios, Load::p99, "%,.1f");
        figure("latency max ms", loads, ratios, Load::max, "%,.1f");
        figure("lost (expected - received)", loads, ratios, Load::lost, "%,.0f");
        figure("lost %", loads, ratios, l -> 100.0 * l.lost() / Math.max(1, l.expected()), "%.2f");
        figure("members closed during the load", loads, ratios, Load::dropped, "%,.0f");
        figure("server CPU % of one core", loads, ratios, Load::serverCpu, "%.0f");
        if (loads.stream().anyMatch(l -> l.nodeCpu().length > 1)) {
            line("  of it, each node", loads.stream().map(l -> l.isNone() ? "-" : Arrays.stream(l.nodeCpu())
                    .mapToObj(cpu -> String.format("%.0f", cpu)).collect(Collectors.joining(" + "))).toList(), List.of());
        }
        if (loads.stream().anyMatch(l -> !Double.isNaN(l.redisCpu()))) {
            figure("redis-server CPU % of one core", loads, ratios, Load::redisCpu, "%.0f");
        }
        figure("client CPU % of one core", loads, ratios, Load::clientCpu, "%.0f");
        figure("client CPU us per delivery", loads, ratios, Load::clientMicrosPerDelivery, "%.2f");
        figure("machine load average (1 min)", loads, ratios, Load::loadAverage, "%.1f");
        figure("time for the members to join, s", loads, ratios, Load::joinSeconds, "%.1f");
        if (loads.stream().anyMatch(l -> l.joinRetries() > 0)) {
            figure("joins refused with 1013, retried", loads, ratios, Load::joinRetries, "%,.0f");
        }
    }

    /** One row: a figure of each load, then each ratio. */
    private static void figure(String name, List<Load> loads, List<Ratio> ratios, ToDoubleFunction<Load> figure, String format) {
        double[] values = loads.stream().mapToDouble(l -> l.isNone() ? Double.NaN : figure.applyAsDouble(l)).toArray();
        line(name, Arrays.stream(values).mapToObj(v -> cell(v, format)).toList(),
                ratios.stream().map(r -> ratio(values[r.over()], values[r.under()])).toList());
    }

    private static void row(String name, double ours, double peer, String format) {
        line(name, List.of(cell(ours, format), cell(peer, format)), List.of(ratio(ours, peer)));
    }

    private static String cell(double value, String format) {
        return Double.isNaN(value) ? "-" : String.format(format, value);
    }

    private static String ratio(double over, double under) {
        return under == 0 || Double.isNaN(under) || Double.isNaN(over) ? "" : String.format("%.2f", over / under);
    }

    private static void line(String name, List<String> cells, List<String> ratios) {
        StringBuilder line = new StringBuilder(String.format("  %-34s", name));
        cells.forEach(cell -> line.append(String.format(" %18s", cell)));
        ratios.forEach(ratio -> line.append(String.format(" %10s", ratio)));
        System.out.println(line);
    }

    // ---------------------------------------------------------------- idle memory

    private void idleMemory() throws Exception {
        int n = Integer.getInteger("bench.idle", 5000);
        int roomSize = Integer.getInteger("bench.idle.room-size", 50);
        System.out.printf("== idle memory: %,d idle connections per endpoint; heap after a full GC (JMX) minus the heap before they opened ==%n", n);
        System.out.printf("  %-52s %14s %14s %14s %10s%n", "endpoint", "baseline MiB", "with them MiB", "KiB/conn", "vs Echo-");
        System.out.printf("  %-52s %14s %14s %14s %10s%n", "", "", "", "", "Annotation");
        String[][] endpoints = {
                {"EchoAnnotation (/examples/websocket/echoAnnotation)", "peer-echo"},
                {"ours echo", "echo"},
                {"ours clock", "clock"},
                {"ours chat member (rooms of " + roomSize + ")", "chat"},
        };
        double peerKib = Double.NaN;
        for (String[] endpoint : endpoints) {
            if (endpoint[1].equals("peer-echo") && !tomcat.hasExamples()) {
                continue;
            }
            List<URI> uris = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                uris.add(switch (endpoint[1]) {
                    case "peer-echo" -> tomcat.ws("/examples/websocket/echoAnnotation");
                    case "echo" -> tomcat.ws("/websocket-showcase/echo");
                    case "clock" -> tomcat.ws("/websocket-showcase/clock");
                    default -> tomcat.ws("/websocket-showcase/chat/idle" + (i / roomSize) + "?name=i" + i);
                });
            }
            long baseline = tomcat.heapAfterFullGc();
            List<NioWsClient.Conn> conns = client.open(uris, 100, !endpoint[1].contains("echo"), Duration.ofSeconds(300));
            try {
                client.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(60));
                long with = tomcat.heapAfterFullGc();
                long open = conns.stream().filter(NioWsClient.Conn::isOpen).count();
                double kib = (with - baseline) / 1024.0 / n;
                if (endpoint[1].equals("peer-echo")) {
                    peerKib = kib;
                }
                System.out.printf("  %-52s %14.1f %14.1f %14.1f %10s%s%n", endpoint[0], baseline / 1048576.0, with / 1048576.0, kib,
                        Double.isNaN(peerKib) ? "-" : String.format("%.2f", kib / peerKib), open == n ? "" : "  (only " + open + " still open)");
            } finally {
                client.closeAll(conns, Duration.ofSeconds(60));
                tomcat.awaitNoOpenConnections();
            }
        }
        System.out.println();
    }

    // ---------------------------------------------------------------- clock

    /**
     * {@code -Dbench.clock.clients} clock clients on the default subscription (a tick a second):
     * after {@code -Dbench.clock.warmup-seconds} ticks of warm-up, for each of
     * {@code -Dbench.clock.seconds} whole ticks, when each client got it after the
     * wall-clock second it is for, and how many did not get it; then the heap after a full GC
     * with them open, against the server's maximum heap. Ours only: Tomcat's examples have no
     * clock.
     */
    private void clock() throws Exception {
        int n = Integer.getInteger("bench.clock.clients", 10_000);
        int seconds = Integer.getInteger("bench.clock.seconds", 10);
        int warmUp = Integer.getInteger("bench.clock.warmup-seconds", 20);
        System.out.printf("== clock: %,d clock clients, %d whole ticks; per tick, when each client got it, after the second it is for"
                + " (ms; one machine, one wall clock) ==%n", n, seconds);
        List<URI> uris = java.util.Collections.nCopies(n, tomcat.ws("/websocket-showcase/clock"));
        long baseline = tomcat.heapAfterFullGc();
        long joinStart = System.nanoTime();
        List<NioWsClient.Conn> conns = client.open(uris, 100, true, Duration.ofSeconds(600));
        System.out.printf("  %,d connections open in %.1f s%n", n, (System.nanoTime() - joinStart) / 1e9);
        TickRun ours;
        try {
            warmUpClock(warmUp);
            Map<Long, ServerProcess.ThreadCpu> threads0 = tomcat.threadCpu();
            long cpu0 = tomcat.cpuNanos();
            ours = measureTicks(n, seconds);
            Map<Long, ServerProcess.ThreadCpu> threads1 = tomcat.threadCpu();
            long serverCpuNanos = tomcat.cpuNanos() - cpu0;
            System.out.printf("  server CPU %.0f%% of one core, client CPU %.0f%%, load average %.1f%n", serverCpuNanos / ours.elapsedNanos * 100,
                    ours.clientCpuNanos / ours.elapsedNanos * 100, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            printThreadCpu(threads0, threads1, serverCpuNanos, ours.received);
            long with = tomcat.heapAfterFullGc();
            long max = tomcat.heapMax();
            System.out.printf("  heap after a full GC: %.1f MiB before they opened, %.1f MiB with them (%.1f KiB each), of %.0f MiB"
                    + " (-Xmx): %.0f%% free%n%n", baseline / 1048576.0, with / 1048576.0, (with - baseline) / 1024.0 / n,
                    max / 1048576.0, 100.0 * (max - with) / max);
        } finally {
            client.closeAll(conns, Duration.ofSeconds(120));
            tomcat.awaitNoOpenConnections();
        }
        if (Boolean.parseBoolean(System.getProperty("bench.clock.floor", "true"))) {
            TickRun floor = floorClock(n, seconds, warmUp);
            System.out.printf("  %-44s %14s %14s %10s%n", "median over the ticks, ms", OURS, "floor", "ours/floor");
            System.out.printf("  %-44s %14.1f %14.1f %10.2f%n", "p99 after the second", ours.p99, floor.p99, ours.p99 / floor.p99);
            System.out.printf("  %-44s %14.1f %14.1f %10.2f%n%n", "spread (p99 - min)", ours.spread, floor.spread, ours.spread / floor.spread);
        }
    }

    /**
     * The clock's peer (Tomcat's examples have no clock): {@link FloorClock}, a bare NIO server
     * in its own JVM that writes each tick, encoded once, to every connection with one write
     * each, from as many threads as there are cores, and does nothing else. The same client, the
     * same number of clients, the same ticks: what the kernel and the client alone cost here.
     */
    private TickRun floorClock(int n, int seconds, int warmUp) throws Exception {
        int threads = Integer.getInteger("bench.clock.floor.threads", 0); // 0: one per core, as our send pool
        if (threads <= 0) {
            threads = Runtime.getRuntime().availableProcessors();
        }
        int port = ServerProcess.freePort();
        Path log = Files.createTempFile("floor-clock", ".log");
        Process floor = new ProcessBuilder(ServerProcess.javaBin().toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), FloorClock.class.getName(), Integer.toString(port), Integer.toString(threads))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!Poll.within(Duration.ofSeconds(30), Duration.ofMillis(50), () -> readQuietly(log).contains("listening"))) {
                throw new IOException("the floor clock did not start: " + Files.readString(log));
            }
            System.out.printf("  the floor (FloorClock, pid %d: a bare NIO server that writes each tick, encoded once, to every connection,"
                    + " %d thread(s), nothing else per connection)%n", floor.pid(), threads);
            List<URI> uris = java.util.Collections.nCopies(n, URI.create("ws://127.0.0.1:" + port + "/clock"));
            long joinStart = System.nanoTime();
            List<NioWsClient.Conn> conns = client.open(uris, 100, true, Duration.ofSeconds(600));
            System.out.printf("  %,d connections open in %.1f s%n", n, (System.nanoTime() - joinStart) / 1e9);
            try {
                warmUpClock(warmUp);
                java.util.function.LongSupplier cpu = () -> floor.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
                long cpu0 = cpu.getAsLong();
                TickRun run = measureTicks(n, seconds);
                long floorCpu = cpu.getAsLong() - cpu0;
                System.out.printf("  floor CPU %.0f%% of one core (%.1f us per tick received), client CPU %.0f%% (%.1f us per tick received)%n",
                        floorCpu / run.elapsedNanos * 100, floorCpu / 1000.0 / Math.max(1, run.received),
                        run.clientCpuNanos / run.elapsedNanos * 100, run.clientCpuNanos / 1000.0 / Math.max(1, run.received));
                String said = readQuietly(log).lines().filter(line -> line.startsWith("ticks not written")).reduce((a, b) -> b).orElse("");
                if (!said.isEmpty()) {
                    System.out.println("  floor: " + said);
                }
                return run;
            } finally {
                client.closeAll(conns, Duration.ofSeconds(120));
            }
        } finally {
            floor.destroy();
            if (!floor.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                floor.destroyForcibly();
            }
            Files.deleteIfExists(log);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** What {@link #measureTicks} saw: the median p99 and spread of the whole ticks, and what it cost the client. */
    private record TickRun(double p99, double spread, long received, double elapsedNanos, double clientCpuNanos) {
    }

    /**
     * Records the ticks from now until {@code seconds} whole ones have arrived (the first may be
     * cut by the start, and the last whole one is done when two more have begun to arrive) and
     * prints, for each, how many clients got it and when, and the medians over them.
     */
    private TickRun measureTicks(int n, int seconds) throws Exception {
        NioWsClient.Ticks ticks = new NioWsClient.Ticks();
        long clientCpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        client.measureTicks(ticks);
        Poll.within(Duration.ofSeconds(seconds + 10L), Duration.ofMillis(50), () -> ticks.byTick.size() >= seconds + 3);
        client.measureTicks(null);
        double elapsed = System.nanoTime() - start;
        double clientCpu = os.getProcessCpuTime() - clientCpu0;
        List<Long> whole = ticks.byTick.keySet().stream().sorted().skip(1).limit(seconds).toList();
        System.out.printf("  %-26s %8s %8s %8s %8s %8s %10s%n", "tick (UTC)", "got it", "min", "p50", "p99", "max", "p99 - min");
        List<Double> p99s = new ArrayList<>();
        List<Double> spreads = new ArrayList<>();
        long missed = 0;
        for (long tick : whole) {
            Histogram h = ticks.byTick.get(tick).getIntervalHistogram();
            missed += n - h.getTotalCount();
            double p99 = h.getValueAtPercentile(99) / 1000.0;
            double spread = p99 - h.getMinValue() / 1000.0;
            p99s.add(p99);
            spreads.add(spread);
            System.out.printf("  %-26s %8d %8.1f %8.1f %8.1f %8.1f %10.1f%n", Instant.ofEpochMilli(tick), h.getTotalCount(),
                    h.getMinValue() / 1000.0, h.getValueAtPercentile(50) / 1000.0, p99, h.getMaxValue() / 1000.0, spread);
        }
        System.out.printf("  median over the ticks: p99 %.1f ms after the second, spread (p99 - min) %.1f ms; ticks not received %d"
                + " of %,d%n", median(p99s), median(spreads), missed, (long) n * whole.size());
        return new TickRun(median(p99s), median(spreads), ticks.received.sum(), elapsed, clientCpu);
    }

    /**
     * Where the server's CPU went between two {@link ServerProcess#threadCpu} readings: the
     * threads of each name (a pool's share one), in user mode and in the kernel (system calls:
     * on loopback, a write's delivery to the client is done in the writer's call), the rest of
     * the process (the JVM's own threads: JIT, GC), and each per tick sent to one client.
     */
    private static void printThreadCpu(Map<Long, ServerProcess.ThreadCpu> before, Map<Long, ServerProcess.ThreadCpu> after,
                                       long processNanos, long ticksSent) {
        Map<String, long[]> byName = new java.util.TreeMap<>();
        long javaNanos = 0;
        for (Map.Entry<Long, ServerProcess.ThreadCpu> entry : after.entrySet()) {
            ServerProcess.ThreadCpu now = entry.getValue();
            ServerProcess.ThreadCpu then = before.get(entry.getKey());
            long cpu = now.cpuNanos() - (then == null ? 0 : then.cpuNanos());
            long user = now.userNanos() - (then == null ? 0 : then.userNanos());
            long[] sum = byName.computeIfAbsent(now.name(), name -> new long[3]);
            sum[0] += cpu;
            sum[1] += user;
            sum[2]++;
            javaNanos += cpu;
        }
        if (after.isEmpty()) {
            System.out.println("  server CPU by thread: not measured (the server's JVM does not time its threads' CPU)");
            return;
        }
        System.out.printf("  server CPU by thread, per tick a client received (%,d received meanwhile), in us: all, user mode + kernel%n", ticksSent);
        double per = Math.max(1, ticksSent) * 1000.0;
        byName.entrySet().stream().filter(e -> e.getValue()[0] * 100 >= processNanos) // at least 1% of the process's
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> System.out.printf("    %-48s %8.1f = %6.1f + %6.1f%n", e.getKey() + " (" + e.getValue()[2] + ")",
                        e.getValue()[0] / per, e.getValue()[1] / per, (e.getValue()[0] - e.getValue()[1]) / per));
        System.out.printf("    %-48s %8.1f%n", "the JVM's own threads (JIT, GC), ended ones, the rest", Math.max(0, processNanos - javaNanos) / per);
        System.out.printf("    %-48s %8.1f%n", "the whole server process", processNanos / per);
    }

    /**
     * Lets {@code seconds} ticks go by before the measured ones, and prints their median spread:
     * the server's JVM is new, and its JIT compiles the send path during the first ticks (with
     * 10,000 clients, its compiler threads were seen taking half a core for the first ten
     * seconds), which a server that has been running a while does not pay.
     */
    private void warmUpClock(int seconds) throws Exception {
        if (seconds <= 0) {
            return;
        }
        NioWsClient.Ticks warm = new NioWsClient.Ticks();
        client.measureTicks(warm);
        Poll.within(Duration.ofSeconds(seconds + 10L), Duration.ofMillis(50), () -> warm.byTick.size() >= seconds + 3);
        client.measureTicks(null);
        List<Double> spreads = new ArrayList<>();
        warm.byTick.keySet().stream().sorted().skip(1).limit(seconds).forEach(tick -> {
            Histogram h = warm.byTick.get(tick).getIntervalHistogram();
            spreads.add((h.getValueAtPercentile(99) - h.getMinValue()) / 1000.0);
        });
        System.out.printf("  warm-up (-Dbench.clock.warmup-seconds=%d): %d whole ticks, not counted below; their spread (p99 - min)"
                + " %.1f ms first, %.1f ms last, %.1f ms median%n", seconds, spreads.size(),
                spreads.isEmpty() ? Double.NaN : spreads.get(0), spreads.isEmpty() ? Double.NaN : spreads.get(spreads.size() - 1),
                median(spreads));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }

    // ---------------------------------------------------------------- echo

    private void echo() throws Exception {
        int rounds = Integer.getInteger("bench.echo.rounds", 5000);
        byte[] payload = new byte[64];
        Arrays.fill(payload, (byte) 'e');
        System.out.printf("== echo round trip: one connection each, %d-byte text, %,d round trips each, alternating ==%n", payload.length, rounds);
        if (!tomcat.hasExamples()) {
            echoOursOnly(rounds, payload);
            return;
        }
        try (RawWebSocket ours = RawWebSocket.connect(tomcat.ws("/websocket-showcase/echo"));
             RawWebSocket peer = RawWebSocket.connect(tomcat.ws("/examples/websocket/echoAnnotation"))) {
            Histogram oursRtt = new Histogram(60_000_000L, 3);
            Histogram peerRtt = new Histogram(60_000_000L, 3);
            for (int i = 0; i < rounds / 2; i++) { // warm-up
                roundTrip(ours, payload);
                roundTrip(peer, payload);
            }
            for (int i = 0; i < rounds; i++) {
                oursRtt.recordValue(roundTrip(ours, payload));
                peerRtt.recordValue(roundTrip(peer, payload));
            }
            System.out.printf("  %-34s %18s %18s %10s%n", "", OURS, "EchoAnnotation", "ours/peer");
            for (double p : new double[] {50, 99}) {
                double o = oursRtt.getValueAtPercentile(p) / 1000.0;
                double e = peerRtt.getValueAtPercentile(p) / 1000.0;
                System.out.printf("  %-34s %18.3f %18.3f %10.2f%n", "round trip p" + (int) p + " ms", o, e, o / e);
            }
        }
        System.out.println();
    }

    private void echoOursOnly(int rounds, byte[] payload) throws Exception {
        try (RawWebSocket ours = RawWebSocket.connect(tomcat.ws("/websocket-showcase/echo"))) {
            Histogram oursRtt = new Histogram(60_000_000L, 3);
            for (int i = 0; i < rounds / 2; i++) {
                roundTrip(ours, payload);
            }
            for (int i = 0; i < rounds; i++) {
                oursRtt.recordValue(roundTrip(ours, payload));
            }
            System.out.printf("  %-34s %18s %18s%n", "", OURS, "(no peer)");
            for (double p : new double[] {50, 99}) {
                System.out.printf("  %-34s %18.3f %18s%n", "round trip p" + (int) p + " ms", oursRtt.getValueAtPercentile(p) / 1000.0, "-");
            }
        }
        System.out.println();
    }

    private static long roundTrip(RawWebSocket ws, byte[] payload) throws IOException {
        long t0 = System.nanoTime();
        ws.sendFrame(RawWebSocket.TEXT, true, payload);
        RawWebSocket.Frame frame = ws.readFrame();
        while (!frame.fin()) {
            frame = ws.readFrame();
        }
        if (frame.opcode() == RawWebSocket.CLOSE) {
            throw new IOException("echo closed: " + frame.closeCode() + " " + frame.closeReason());
        }
        return Math.min((System.nanoTime() - t0) / 1000, 60_000_000L);
    }

}
