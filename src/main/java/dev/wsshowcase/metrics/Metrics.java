package dev.wsshowcase.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The running application's meters, in one registry created when the application starts and
 * closed when it stops (the JVM binders' listeners go with it, so nothing of ours stays
 * reachable from the JVM after undeploy).
 *
 * <p>Every name starts with {@code showcase.} ({@code showcase_} in Prometheus): the JVM
 * binders' meters too ({@code showcase_jvm_memory_used_bytes}), so that two applications'
 * series never mix. Labels are bounded here: a close code outside the registered codes is
 * {@value #OTHER}, a reason is one of the constants of {@link Refusal}.
 *
 * <p><b>Threading.</b> Every method may be called from any thread.
 */
public final class Metrics implements AutoCloseable {

    /** The label value of a close code nobody registered (4000-4999 are the application's, or a client's). */
    public static final String OTHER = "other";

    /** The close codes given a label of their own (RFC 6455 section 7.4.1 and the IANA registry). */
    private static final Set<Integer> CODES = Set.of(1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015);

    private static final Logger LOG = Logger.getLogger(Metrics.class.getName());

    /** Why a connection was not taken; the label {@code reason} of {@code showcase_handshakes_refused_total}. */
    public enum Refusal {
        /** The Origin is not allowed (HTTP 403). */
        ORIGIN("origin"),
        /** The application holds {@code showcase.limits.max-connections} connections (closed with 1013). */
        LIMIT_TOTAL("limit_total"),
        /** The client's address holds {@code showcase.limits.max-connections-per-address} (closed with 1013). */
        LIMIT_ADDRESS("limit_address"),
        /** The request URI is malformed (HTTP 400). */
        MALFORMED_URI("malformed_uri"),
        /** The application is draining or stopping (closed with 1001). */
        STOPPING("stopping");

        private final String label;

        Refusal(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final List<AutoCloseable> binders = new ArrayList<>();
    private final Map<String, EndpointMeters> endpoints = new ConcurrentHashMap<>();
    private final Map<String, Counter> closes = new ConcurrentHashMap<>();
    private final Map<Refusal, Counter> refusals = new ConcurrentHashMap<>();
    private final Counter recoveredWhole;
    private final Counter recoveredWithGap;

    private Metrics(MeterRegistry registry) {
        this.registry = registry;
        this.prometheus = registry instanceof PrometheusMeterRegistry p ? p : null;
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().startsWith("showcase.") ? id : id.withName("showcase." + id.getName());
            }
        });
        for (Refusal refusal : Refusal.values()) {
            refusals.put(refusal, Counter.builder("showcase.handshakes.refused")
                    .description("Connections refused at or right after the handshake, by reason")
                    .tag("reason", refusal.label()).register(registry));
        }
        this.recoveredWhole = recoveries(false);
        this.recoveredWithGap = recoveries(true);
    }

    private Counter recoveries(boolean gap) {
        return Counter.builder("showcase.chat.recoveries")
                .description("Chat members that reconnected with a position: given every message they missed (gap=false) or told they missed some (gap=true)")
                .tag("gap", Boolean.toString(gap)).register(registry);
    }

    /** A registry that Prometheus can scrape ({@link #scrape}), with the JVM's basics: memory, threads, GC, classes, CPU, uptime. */
    public static Metrics prometheus() {
        Metrics metrics = new Metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        metrics.bindJvm();
        return metrics;
    }

    /** Meters that count nothing, for code run without an application (unit tests). */
    public static Metrics none() {
        return new Metrics(new CompositeMeterRegistry());
    }

    /** Meters kept in {@code registry} (a test's {@code SimpleMeterRegistry}), without the JVM's. */
    public static Metrics in(MeterRegistry registry) {
        return new Metrics(registry);
    }

    private void bindJvm() {
        JvmGcMetrics gc = new JvmGcMetrics();
        binders.add(gc);
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), new JvmThreadMetrics(), gc, new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics())) {
            binder.bindTo(registry);
        }
    }

    /** Every meter in the Prometheus text format (0.0.4). */
    public String scrape() {
        if (prometheus == null) {
            throw new IllegalStateException("not a Prometheus registry");
        }
        return prometheus.scrape();
    }

    /** The meters of {@code endpoint} (a small fixed set of names: {@code echo}, {@code clock}, {@code chat}). */
    public EndpointMeters endpoint(String endpoint) {
        return endpoints.computeIfAbsent(endpoint, name -> new EndpointMeters(registry, name));
    }

    /** A connection of {@code endpoint} closed with {@code code} (the code the session's close gave, 1005 when none). */
    public void closed(String endpoint, int code) {
        String label = CODES.contains(code) ? Integer.toString(code) : OTHER;
        closes.computeIfAbsent(endpoint + " " + label, key -> Counter.builder("showcase.connections.closed")
                .description("Connections closed, by endpoint and close code")
                .tag("endpoint", endpoint).tag("code", label).register(registry)).increment();
    }

    /** A connection was refused for {@code reason}. */
    public void refused(Refusal reason) {
        refusals.get(reason).increment();
    }

    /** A chat member reconnected with a position; {@code gap}: some of what it missed is no longer kept. */
    public void recovered(boolean gap) {
        (gap ? recoveredWithGap : recoveredWhole).increment();
    }

    /**
     * A gauge read from {@code state} each time it is scraped; {@code state} is held strongly
     * (it lives as long as the application: a registry, the chat rooms).
     */
    public <T> void gauge(String name, String description, T state, ToDoubleFunction<T> reading, String... tags) {
        Gauge.builder(name, state, reading).description(description).tags(tags).strongReference(true).register(registry);
    }

    /** A timer of durations (in the text format: a count and a sum in seconds); record nanoseconds into what this returns. */
    public LongConsumer timer(String name, String description) {
        Timer timer = Timer.builder(name).description(description).register(registry);
        return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Removes the JVM binders' listeners and closes the registry; meters count nothing afterwards. */
    @Override
    public void close() {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "Closing " + binder + " failed", e);
            }
        }
        registry.close();
    }
}
