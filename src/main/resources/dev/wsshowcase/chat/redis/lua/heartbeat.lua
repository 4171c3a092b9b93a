-- A node says it is alive: its score in the node set becomes Redis's time now, unless another
-- node has declared it dead (and removed its members), which it is told.
-- KEYS: 1 node set (sorted by last heartbeat, ms), 2 the node's dead mark
-- ARGV: 1 node id
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('EXISTS', KEYS[2]) == 1 then
  return {'dead', tostring(now)}
end
redis.call('ZADD', KEYS[1], now, ARGV[1])
return {'ok', tostring(now)}
