package dev.wsshowcase.bench;

import dev.wsshowcase.testsupport.TyrusRuntime;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * Chat fan-out: {@code members} clients join one room and each sends {@code messages} at once;
 * every member receives every message. Prints, per round and as the median over rounds, the
 * deliveries per second and the median and 99th-percentile time from send to receipt.
 *
 * <p>{@code mvn test-compile exec:java@benchmark} runs it on the Tyrus standalone server in
 * this JVM (clients and server share the 2 cores, so the figures are for comparing changes,
 * not a capacity). {@code -Dshowcase.it.url=http://host:port/websocket-showcase/} runs it
 * against a running server. {@code -Dmembers=50 -Dmessages=200 -Drounds=5} set the load; the
 * messages per member must stay within {@code showcase.chat.rate-burst} (200).
 */
public final class ChatFanoutBenchmark {

    private ChatFanoutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int members = Integer.getInteger("members", 50);
        int messages = Integer.getInteger("messages", 200);
        int rounds = Integer.getInteger("rounds", 5);
        String url = System.getProperty("showcase.it.url");
        TyrusRuntime tyrus = url == null ? TyrusRuntime.start() : null;
        URI base = url == null ? tyrus.httpBase() : URI.create(url.endsWith("/") ? url : url + "/");
        ClientManager client = ClientManager.createClient();
        client.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
        try {
            System.out.printf("chat fan-out on %s: %d members x %d messages = %d deliveries a round%n",
                    url == null ? "Tyrus standalone (in this JVM)" : base, members, messages, (long) members * members * messages);
            double[] rates = new double[rounds];
            double[] medians = new double[rounds];
            double[] p99s = new double[rounds];
            runRound(client, base, members, Math.min(messages, 20)); // warm-up, not reported
            for (int round = 0; round < rounds; round++) {
                Result result = runRound(client, base, members, messages);
                rates[round] = result.deliveriesPerSecond;
                medians[round] = result.medianMillis;
                p99s[round] = result.p99Millis;
                System.out.printf("round %d: %,.0f deliveries/s, latency median %.1f ms, p99 %.1f ms%n",
                        round + 1, result.deliveriesPerSecond, result.medianMillis, result.p99Millis);
            }
            System.out.printf("median of %d rounds: %,.0f deliveries/s, latency median %.1f ms, p99 %.1f ms%n",
                    rounds, median(rates), median(medians), median(p99s));
        } finally {
            client.shutdown();
            if (tyrus != null) {
                tyrus.close();
            }
        }
    }

    private record Result(double deliveriesPerSecond, double medianMillis, double p99Millis) {
    }

    private static Result runRound(ClientManager client, URI base, int members, int messages) throws Exception {
        String room = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        URI uri = URI.create("ws://" + base.getRawAuthority() + base.getRawPath() + "chat/" + room);
        long expected = (long) members * messages;
        CountDownLatch joined = new CountDownLatch(members);
        CountDownLatch done = new CountDownLatch(members);
        long[][] latencies = new long[members][(int) expected];
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            int member = i;
            AtomicInteger received = new AtomicInteger();
            Endpoint endpoint = new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig config) {
                    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                        if (text.startsWith("{\"type\":\"welcome\"")) {
                            joined.countDown();
                        } else if (text.startsWith("{\"type\":\"message\"")) {
                            int at = text.indexOf("\"text\":\"") + 8;
                            long sent = Long.parseLong(text.substring(at, text.indexOf('"', at)));
                            int n = received.getAndIncrement();
                            if (n < expected) {
                                latencies[member][n] = System.nanoTime() - sent;
                            }
                            if (n + 1 == expected) {
                                done.countDown();
                            }
                        }
                    });
                }
            };
            sessions.add(client.connectToServer(endpoint, ClientEndpointConfig.Builder.create().build(),
                    URI.create(uri + "?name=b" + i)));
        }
        try {
            if (!joined.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("members did not all join within 60 s");
            }
            long start = System.nanoTime();
            Thread[] senders = new Thread[members];
            for (int i = 0; i < members; i++) {
                Session session = sessions.get(i);
                senders[i] = new Thread(() -> {
                    try {
                        for (int m = 0; m < messages; m++) {
                            session.getBasicRemote().sendText(Long.toString(System.nanoTime()));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                senders[i].start();
            }
            if (!done.await(300, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not every member received every message within 300 s");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(expected * members / seconds, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
        } finally {
            for (Session session : sessions) {
                session.close();
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
