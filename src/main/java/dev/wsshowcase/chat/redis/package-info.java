/**
 * The chat's rooms shared by several nodes through Redis: {@link dev.wsshowcase.chat.redis.RedisChatEngine}
 * (the engine, its connections, heartbeats and reaping), {@link dev.wsshowcase.chat.redis.RoomLane}
 * (one room on this node: its members here and the ordered delivery of the room's publications),
 * and {@code lua/}: one Lua script per atomic operation, named for what it does. The endpoint and
 * the session never see this package; {@code dev.wsshowcase.chat.ChatEngines} picks it when
 * {@code showcase.chat.redis-url} is set.
 */
package dev.wsshowcase.chat.redis;
