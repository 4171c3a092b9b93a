package dev.wsshowcase.send;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;

/**
 * Batched writes: the messages a {@link SessionSender} finds waiting for a client go into the
 * container's buffer and leave in one write, flushed without blocking.
 *
 * <p><b>Why.</b> With batching allowed ({@link RemoteEndpoint#setBatchingAllowed}), a container
 * may keep messages in a buffer of the session's until it is flushed. On Tomcat an asynchronous
 * message then goes into the session's 8 KiB output buffer and completes at once, on the
 * calling thread: no write, and none of the hand-off of its completion to the connector's pool
 * that every unbatched send costs. Under load a client's messages wait for the write before
 * them; batched, they cost one write and one hand-off together instead of one each. But the
 * API's {@link RemoteEndpoint#flushBatch} blocks for as long as the client does not read, which
 * no sender may do, and turning batching off flushes the same way. So batching is only used
 * where the container also has a flush that completes through a handler, and a switch that
 * turns batching on and off without a flush ({@link TomcatBatching}); everywhere else
 * {@link #of} answers null and each message is sent on its own.
 *
 * <p><b>Contract.</b> Batching is off between batches, so that the container's own close (which
 * flushes first when batching is on) never waits to write an empty buffer. Only the thread that
 * holds the session's send slot calls {@link #start} and {@link #flush}, with no send in flight;
 * {@link #discard} may be called from any thread. The flush's handler is told its result exactly
 * once, on a container thread or inside {@link #flush}, as for any asynchronous send.
 */
interface Batching {

    /** Messages sent from now on wait in the container's buffer (each completes once it is there). */
    void start();

    /**
     * Turns batching off and starts writing what waits; {@code handler} is told when it is
     * written or failed.
     *
     * @throws RuntimeException if the write could not be started; the handler is then not called
     */
    void flush(SendHandler handler);

    /**
     * Turns batching off without writing what waits, for a client being dropped (its queue is
     * dropped too), so that the container's close does not first wait to flush to a client that
     * does not read.
     */
    void discard();

    /** Batched writes for {@code session}'s container, or null where it offers none (every container but Tomcat). */
    static Batching of(Session session) {
        return TomcatBatching.of(session);
    }
}
