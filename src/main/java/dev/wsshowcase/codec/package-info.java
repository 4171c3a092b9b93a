/**
 * JSON for every endpoint, with one {@link jakarta.json.bind.Jsonb} (owned by
 * {@link dev.wsshowcase.application.Showcase}): incoming messages are read as JSON objects whose
 * fields are checked one by one, so that bad input gets an {@link
 * dev.wsshowcase.codec.ErrorMessage} naming the field and the reason, never an
 * exception trace or a closed connection; {@link dev.wsshowcase.codec.JsonOutbound} turns a
 * protocol record into a message for the sending queue.
 *
 * <p>Why a package: the features' codecs ({@code chat.codec}, {@code clock.codec}) share these
 * rules, so that every endpoint reports bad input alike. It depends only on {@code send}.
 */
package dev.wsshowcase.codec;
