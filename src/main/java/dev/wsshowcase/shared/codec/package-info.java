/**
 * JSON for every endpoint, with one {@link jakarta.json.bind.Jsonb} (owned by
 * {@link dev.wsshowcase.shared.Showcase}): incoming messages are read as JSON objects whose
 * fields are checked one by one, so that bad input gets an {@link
 * dev.wsshowcase.shared.codec.ErrorMessage} naming the field and the reason, never an
 * exception trace or a closed connection.
 */
package dev.wsshowcase.shared.codec;
