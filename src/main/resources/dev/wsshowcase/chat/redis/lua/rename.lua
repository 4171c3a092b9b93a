-- A member takes a new name, in one atomic step: it must still hold its old one, and the new
-- one must be free (or differ from it only in case or width); the rename is published, with
-- the member's id as its target (everyone gets it; the member's own node renames it as it delivers).
-- KEYS: 1 meta, 2 names, 3 channel, 4 the node's member set
-- ARGV: 1 old key, 2 new key, 3 new name, 4 member id, 5 room, 6 time
local held = redis.call('HGET', KEYS[2], ARGV[1])
if not held then
  return {'gone'}
end
local holder = cjson.decode(held)
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if holder.m ~= ARGV[4] or not epoch then
  return {'gone'}
end
if ARGV[2] ~= ARGV[1] and redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then
  return {'taken'}
end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[2], cjson.encode({m = ARGV[4], n = holder.n, name = ARGV[3]}))
redis.call('SREM', KEYS[4], ARGV[5] .. '\n' .. ARGV[1] .. '\n' .. ARGV[4])
redis.call('SADD', KEYS[4], ARGV[5] .. '\n' .. ARGV[2] .. '\n' .. ARGV[4])
local pub = redis.call('HINCRBY', KEYS[1], 'pub', 1)
redis.call('PUBLISH', KEYS[3], pub .. ' ' .. epoch .. ' r ' .. ARGV[4] .. '\n'
  .. '{"type":"rename","from":' .. cjson.encode(holder.name) .. ',"to":' .. cjson.encode(ARGV[3])
  .. ',"time":"' .. ARGV[6] .. '"}')
return {'ok', tostring(pub)}
