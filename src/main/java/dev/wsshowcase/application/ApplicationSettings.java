package dev.wsshowcase.application;

import java.util.List;

/** The settings the application itself reads: its connection limits, the send queues, the keepalive, the drain at shutdown, the node's name. */
public final class ApplicationSettings {

    public static final Setting<Integer> MAX_CONNECTIONS = Setting.integer(
            "showcase.limits.max-connections", 5000, 1, 1_000_000,
            "Open connections the application takes, all endpoints together; the next is closed with 1013. Below Tomcat's own maxConnections (8192).");

    public static final Setting<Integer> MAX_CONNECTIONS_PER_ADDRESS = Setting.integer(
            "showcase.limits.max-connections-per-address", 200, 1, 1_000_000,
            "Open connections from one client address; the next is closed with 1013. Clients behind one NAT or proxy share an address.");

    public static final Setting<Integer> SEND_MAX_QUEUED_MESSAGES = Setting.integer(
            "showcase.send.max-queued-messages", 10_000, 1, 10_000_000,
            "Messages that may wait for one slow client before it is disconnected with 1008.");

    public static final Setting<Integer> SEND_MAX_QUEUED_BYTES = Setting.integer(
            "showcase.send.max-queued-bytes", 4 * 1024 * 1024, 1024, Integer.MAX_VALUE,
            "Bytes that may wait for one slow client before it is disconnected with 1008.");

    public static final Setting<Integer> SEND_TIMEOUT_MILLIS = Setting.integer(
            "showcase.send.timeout-ms", 10_000, 100, 3_600_000,
            "How long one message may take to reach a client before the connection is closed with 1008 `client too slow: send timed out` (checked at least once a second).");

    public static final Setting<Integer> KEEPALIVE_INTERVAL_MILLIS = Setting.integer(
            "showcase.keepalive.interval-ms", 25_000, 0, 3_600_000,
            "A connection from which nothing has arrived for this long is sent a ping (0 turns keepalive off). Below the idle timeouts of proxies (nginx: 60 s) and of Jetty (30 s).");

    public static final Setting<Integer> KEEPALIVE_TIMEOUT_MILLIS = Setting.integer(
            "showcase.keepalive.timeout-ms", 30_000, 100, 3_600_000,
            "How long a pinged client may take to answer (a pong or any message), counted from when the ping left the server; then the connection is closed with 1001.");

    public static final Setting<Integer> SHUTDOWN_DRAIN_MILLIS = Setting.integer(
            "showcase.shutdown.drain-ms", 5_000, 0, 600_000,
            "When the application stops (undeploy, container shutdown), its open connections are closed with 1001 one by one, spread evenly over this time, so that clients reconnect to other nodes gradually; readiness answers 503 and new connections are refused from the start. 0 closes them all at once.");

    public static final Setting<String> NODE_ID = new Setting<>(
            "showcase.node.id", "", NodeId::parse,
            "This node's name, shown by the index page and api/info and sent to WebSocket clients, so that an operator sees which node served what behind a balancer. Letters, digits and . _ : - (at most 64). Default: the host's name and 6 random hex digits, new at each start.");

    /** These settings, in the order the configuration table lists them. */
    public static final List<Setting<?>> ALL = List.of(
            MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS, SEND_MAX_QUEUED_MESSAGES, SEND_MAX_QUEUED_BYTES, SEND_TIMEOUT_MILLIS,
            KEEPALIVE_INTERVAL_MILLIS, KEEPALIVE_TIMEOUT_MILLIS, SHUTDOWN_DRAIN_MILLIS, NODE_ID);

    private ApplicationSettings() {
    }
}
