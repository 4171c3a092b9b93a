/**
 * The chat protocol: {@link dev.wsshowcase.chat.codec.ChatCommand}s decoded from clients by
 * {@link dev.wsshowcase.chat.codec.ChatDecoder}, and {@link dev.wsshowcase.chat.codec.ChatEvent}s
 * encoded by {@link dev.wsshowcase.chat.codec.ChatEncoder}, both with the application's one
 * JSON-B instance and both registered on the endpoint.
 *
 * <p>Decoding never throws: input that is not a valid command decodes to
 * {@link dev.wsshowcase.chat.codec.ChatCommand.Invalid}, which the endpoint answers with an
 * error message, keeping the connection open.
 */
package dev.wsshowcase.chat.codec;
