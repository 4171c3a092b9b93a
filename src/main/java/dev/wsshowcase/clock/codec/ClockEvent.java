package dev.wsshowcase.clock.codec;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** What the server tells clock clients, serialized with JSON-B. Every message has a {@code type}. */
public sealed interface ClockEvent {

    /**
     * {@code {"type":"tick","seq":885326100,"time":"2026-11-22T10:40:00+08:00","epochMillis":1795315200000,"zone":"Asia/Shanghai"}}.
     * {@code seq} is the tick's number at its interval since the epoch (epoch second / interval):
     * consecutive ticks differ by one, and a jump means ticks were skipped for a slow reader.
     */
    @JsonbPropertyOrder({"type", "seq", "time", "epochMillis", "zone"})
    record Tick(String type, long seq, String time, long epochMillis, String zone) implements ClockEvent {
        public Tick(long seq, String time, long epochMillis, String zone) {
            this("tick", seq, time, epochMillis, zone);
        }
    }

    /**
     * {@code {"type":"settings","interval":1,"zone":"UTC"}}: the settings in force, on connect and
     * after a change. The one sent on connect also names the node that took the connection
     * ({@code "node":"web-1-3fa9c2"}); after a change it is left out (null).
     */
    @JsonbPropertyOrder({"type", "interval", "zone", "node"})
    record Settings(String type, int interval, String zone, String node) implements ClockEvent {
        public Settings(int interval, String zone) {
            this("settings", interval, zone, null);
        }

        public Settings(int interval, String zone, String node) {
            this("settings", interval, zone, node);
        }
    }

    /**
     * {@code {"type":"sync","clientTime":t0,"serverReceived":t1,"serverSent":t2}}, all epoch
     * milliseconds: with its own receive time t3 a client computes offset
     * ((t1 - t0) + (t2 - t3)) / 2 and round trip (t3 - t0) - (t2 - t1).
     */
    @JsonbPropertyOrder({"type", "clientTime", "serverReceived", "serverSent"})
    record SyncReply(String type, long clientTime, long serverReceived, long serverSent) implements ClockEvent {
        public SyncReply(long clientTime, long serverReceived, long serverSent) {
            this("sync", clientTime, serverReceived, serverSent);
        }
    }
}
