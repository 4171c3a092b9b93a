/**
 * The chat: rooms with unique nicknames, presence, history with recovery, private messages and
 * typing notices.
 *
 * <p>{@link dev.wsshowcase.chat.ChatEndpoint} adapts the container's callbacks;
 * {@link dev.wsshowcase.chat.ChatSession} checks one connection's input (limits, rate);
 * {@link dev.wsshowcase.chat.Room} owns a room's state and orders its events;
 * {@link dev.wsshowcase.chat.ChatRooms} creates and removes rooms; every event reaches members
 * through the {@link dev.wsshowcase.chat.Fanout} seam, in-process by default.
 * {@link dev.wsshowcase.chat.ChatSettings} are its settings, read once into a
 * {@link dev.wsshowcase.chat.ChatConfig}.
 */
package dev.wsshowcase.chat;
