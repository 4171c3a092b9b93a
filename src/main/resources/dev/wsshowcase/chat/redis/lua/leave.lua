-- A member leaves a room, in one atomic step: if it still holds its name, the name is freed,
-- the member is taken off its node's set and the leave is published.
-- KEYS: 1 meta, 2 names, 3 channel, 4 the node's member set
-- ARGV: 1 name key ('' when the node does not know it: a join whose answer never came),
--       2 member id, 3 room, 4 time
if ARGV[1] == '' then
  local all = redis.call('HGETALL', KEYS[2])
  for i = 1, #all, 2 do
    if cjson.decode(all[i + 1]).m == ARGV[2] then
      ARGV[1] = all[i]
      break
    end
  end
end
local held = redis.call('HGET', KEYS[2], ARGV[1])
redis.call('SREM', KEYS[4], ARGV[3] .. '\n' .. ARGV[1] .. '\n' .. ARGV[2])
if not held then
  return {'gone'}
end
local holder = cjson.decode(held)
if holder.m ~= ARGV[2] then
  return {'gone'}
end
redis.call('HDEL', KEYS[2], ARGV[1])
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
  return {'gone'}
end
local pub = redis.call('HINCRBY', KEYS[1], 'pub', 1)
redis.call('PUBLISH', KEYS[3], pub .. ' ' .. epoch .. ' l -\n'
  .. '{"type":"leave","name":' .. cjson.encode(holder.name) .. ',"time":"' .. ARGV[4] .. '"}')
return {'ok', tostring(pub)}
