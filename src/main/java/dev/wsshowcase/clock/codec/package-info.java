/**
 * The clock protocol, shaped like the chat's: {@link dev.wsshowcase.clock.codec.ClockCommand}s
 * decoded from clients by {@link dev.wsshowcase.clock.codec.ClockDecoder} (registered on the
 * endpoint), and the {@link dev.wsshowcase.clock.codec.ClockEvent}s the server sends, encoded
 * with the application's one JSON-B ({@link dev.wsshowcase.codec.JsonOutbound}); a tick
 * once per group of clients with the same settings.
 *
 * <p>Decoding never throws: input that is not a valid command decodes to
 * {@link dev.wsshowcase.clock.codec.ClockCommand.Invalid}, answered with an error message while
 * the connection stays open.
 */
package dev.wsshowcase.clock.codec;
