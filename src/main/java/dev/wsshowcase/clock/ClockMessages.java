package dev.wsshowcase.clock;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** The clock's outgoing messages, serialized with JSON-B. Each has a {@code type}. */
public final class ClockMessages {

    private ClockMessages() {
    }

    /**
     * {@code {"type":"tick","seq":885326100,"time":"2026-11-22T10:40:00+08:00","epochMillis":1795315200000,"zone":"Asia/Shanghai"}}.
     * {@code seq} is the tick's number at its interval since the epoch (epoch second / interval):
     * consecutive ticks differ by one, and a jump means ticks were skipped for a slow reader.
     */
    @JsonbPropertyOrder({"type", "seq", "time", "epochMillis", "zone"})
    public record Tick(String type, long seq, String time, long epochMillis, String zone) {
        Tick(long seq, String time, long epochMillis, String zone) {
            this("tick", seq, time, epochMillis, zone);
        }
    }

    /** {@code {"type":"settings","interval":1,"zone":"UTC"}}: the settings in force, on connect and after a change. */
    @JsonbPropertyOrder({"type", "interval", "zone"})
    public record Settings(String type, int interval, String zone) {
        Settings(ClockSettings settings) {
            this("settings", settings.intervalSeconds(), settings.zone().getId());
        }
    }

    /**
     * {@code {"type":"sync","clientTime":t0,"serverReceived":t1,"serverSent":t2}}, all epoch
     * milliseconds: with its own receive time t3 a client computes offset
     * ((t1 - t0) + (t2 - t3)) / 2 and round trip (t3 - t0) - (t2 - t1).
     */
    @JsonbPropertyOrder({"type", "clientTime", "serverReceived", "serverSent"})
    public record SyncReply(String type, long clientTime, long serverReceived, long serverSent) {
        SyncReply(long clientTime, long serverReceived, long serverSent) {
            this("sync", clientTime, serverReceived, serverSent);
        }
    }
}
