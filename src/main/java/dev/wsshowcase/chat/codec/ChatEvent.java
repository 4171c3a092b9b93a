package dev.wsshowcase.chat.codec;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * What the server tells chat clients. Every event has a {@code type}; times are ISO-8601 UTC
 * with milliseconds. Chat messages carry the room's sequence number {@code seq}; presence
 * events do not (a reconnecting client gets the member list afresh in its welcome).
 */
public sealed interface ChatEvent {

    /**
     * To a client that joined: its name, the members (itself included), the messages it should
     * see ({@code history}: the last ones, or those after {@code since} when it reconnects),
     * the room's latest {@code lastSeq}, the room's {@code epoch} (which incarnation of the room
     * the sequence numbers belong to), {@code gap} when messages it missed are no longer
     * kept or belong to another epoch, and the {@code node} the connection reached
     * ({@code showcase.node.id}).
     */
    @JsonbPropertyOrder({"type", "room", "you", "members", "history", "lastSeq", "epoch", "gap", "node"})
    record Welcome(String type, String room, String you, List<String> members, List<Message> history,
                   long lastSeq, String epoch, boolean gap, String node) implements ChatEvent {
        public Welcome(String room, String you, List<String> members, List<Message> history, long lastSeq, String epoch,
                       boolean gap, String node) {
            this("welcome", room, you, members, history, lastSeq, epoch, gap, node);
        }
    }

    /** A chat message, to every member including its sender. */
    @JsonbPropertyOrder({"type", "seq", "time", "from", "text"})
    record Message(String type, long seq, String time, String from, String text) implements ChatEvent {
        public Message(long seq, String time, String from, String text) {
            this("message", seq, time, from, text);
        }
    }

    @JsonbPropertyOrder({"type", "name", "time"})
    record Join(String type, String name, String time) implements ChatEvent {
        public Join(String name, String time) {
            this("join", name, time);
        }
    }

    @JsonbPropertyOrder({"type", "name", "time"})
    record Leave(String type, String name, String time) implements ChatEvent {
        public Leave(String name, String time) {
            this("leave", name, time);
        }
    }

    @JsonbPropertyOrder({"type", "from", "to", "time"})
    record Rename(String type, String from, String to, String time) implements ChatEvent {
        public Rename(String from, String to, String time) {
            this("rename", from, to, time);
        }
    }

    /** A private message, to its recipient and, as a copy, its sender. */
    @JsonbPropertyOrder({"type", "from", "to", "text", "time"})
    record Private(String type, String from, String to, String text, String time) implements ChatEvent {
        public Private(String from, String to, String text, String time) {
            this("private", from, to, text, time);
        }
    }

    @JsonbPropertyOrder({"type", "name"})
    record Typing(String type, String name) implements ChatEvent {
        public Typing(String name) {
            this("typing", name);
        }
    }
}
