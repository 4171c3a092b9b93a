package dev.wsshowcase.operations;

import dev.wsshowcase.application.Setting;
import java.util.List;

/** Who may scrape {@code api/metrics} besides loopback. */
public final class OperationsSettings {

    public static final Setting<ScrapeAccess.Addresses> METRICS_ALLOWED = new Setting<>(
            "showcase.metrics.allowed", "", ScrapeAccess.Addresses::parse,
            "Addresses besides loopback that may scrape api/metrics: IP addresses or CIDR ranges such as 10.0.0.0/8, comma-separated. The address is the client's as showcase.proxy.trusted decides (behind a proxy on the same host, trust it, or every client looks like loopback).");

    public static final Setting<String> METRICS_TOKEN = new Setting<>(
            "showcase.metrics.token", "", String::trim,
            "A bearer token that opens api/metrics to any address (Authorization: Bearer <token>). Empty: no token is accepted.");

    /** These settings, in the order the configuration table lists them. */
    public static final List<Setting<?>> ALL = List.of(METRICS_ALLOWED, METRICS_TOKEN);

    private OperationsSettings() {
    }
}
