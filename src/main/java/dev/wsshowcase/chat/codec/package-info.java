/**
 * The chat protocol: {@link dev.wsshowcase.chat.codec.ChatCommand}s decoded from clients by
 * {@link dev.wsshowcase.chat.codec.ChatDecoder} (registered on the endpoint), and the
 * {@link dev.wsshowcase.chat.codec.ChatEvent}s the room sends, each encoded once with the
 * application's one JSON-B ({@link dev.wsshowcase.codec.JsonOutbound}) and queued for
 * every recipient.
 *
 * <p>Decoding never throws: input that is not a valid command decodes to
 * {@link dev.wsshowcase.chat.codec.ChatCommand.Invalid}, which the endpoint answers with an
 * error message, keeping the connection open.
 */
package dev.wsshowcase.chat.codec;
