/**
 * The echo endpoint: every text message comes back as text and every binary message as
 * binary, whole and in order, up to a configured size.
 *
 * <p>{@link dev.wsshowcase.echo.EchoEndpoint} is the container-facing adapter;
 * {@link dev.wsshowcase.echo.EchoSession} owns one connection's state (the message being
 * assembled) and replies through the connection's {@link dev.wsshowcase.send.SessionSender};
 * {@link dev.wsshowcase.echo.EchoSettings} holds its one setting.
 */
package dev.wsshowcase.echo;
