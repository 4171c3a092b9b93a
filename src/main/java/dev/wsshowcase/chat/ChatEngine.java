package dev.wsshowcase.chat;

import dev.wsshowcase.codec.JsonOutbound;

/**
 * Where the rooms live: in this process ({@link ChatRooms}, the default) or shared by every
 * node through Redis ({@code chat.redis.RedisChatEngine}, when {@code showcase.chat.redis-url}
 * is set). {@link ChatSession} sees only this interface and {@link ChatRoom}; the endpoint sees
 * neither.
 *
 * <p><b>Threading.</b> Every method may be called from any thread, concurrently. A join runs
 * on the container's thread of {@code @OnOpen} and may wait there (bounded) for the engine; a
 * leave never waits. Events are queued on {@link Delivery} or on the members' senders; no
 * method sends while holding a lock.
 */
public interface ChatEngine {

    ChatConfig config();

    JsonOutbound json();

    /**
     * Adds {@code member} to the room named {@code roomName} under the nickname it asked for
     * if that is valid and free, otherwise under a guest name (with an error saying why), and
     * queues its welcome; the other members get a join notice.
     *
     * @param resume where a reconnecting client left off, or null for a fresh join
     * @throws Refused when the member cannot join (room full, name of a signed-in member taken,
     *                 engine unavailable): the caller sends the error and closes
     */
    ChatRoom join(String roomName, Member member, String requestedName, Position resume, Delivery delivery) throws Refused;

    /** Takes {@code member} out of {@code room} and tells the others; never blocks. */
    void leave(ChatRoom room, Member member, Delivery delivery);
}
