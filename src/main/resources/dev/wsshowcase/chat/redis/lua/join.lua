-- A member joins a room, in one atomic step: the room's epoch (a new one if Redis has none, or
-- if the history the seq counts was lost), the room's member limit, the name (the one asked
-- for if free, else the first free guest name; a signed-in member's name or nothing), the
-- member registered under its node for reaping, the join published; the reply is a snapshot
-- at that publication: epoch, seq, publication number, members and history.
-- KEYS: 1 meta, 2 history stream, 3 names, 4 channel, 5 the node's member set, 6 the node's dead mark
-- ARGV: 1 epoch to start, 2 history length, 3 node id, 4 member id, 5 member limit,
--       6 signed in (1/0), 7 key of the name asked for ('' none), 8 that name, 9 time,
--       10 room, 11... guest names (each its own key)
if redis.call('EXISTS', KEYS[6]) == 1 then
  return {'dead'}
end
local history = tonumber(ARGV[2])
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if epoch and history > 0 and tonumber(redis.call('HGET', KEYS[1], 'seq')) > 0 and redis.call('EXISTS', KEYS[2]) == 0 then
  epoch = false
end
if not epoch then
  epoch = ARGV[1]
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'epoch', epoch, 'seq', 0, 'pub', 0)
end
if redis.call('HLEN', KEYS[3]) >= tonumber(ARGV[5]) then
  return {'full'}
end
local name, key = nil, nil
local taken = '0'
if ARGV[7] ~= '' then
  if redis.call('HEXISTS', KEYS[3], ARGV[7]) == 0 then
    name, key = ARGV[8], ARGV[7]
  elseif ARGV[6] == '1' then
    return {'taken'}
  else
    taken = '1'
  end
end
if not name then
  for i = 11, #ARGV do
    if redis.call('HEXISTS', KEYS[3], ARGV[i]) == 0 then
      name, key = ARGV[i], ARGV[i]
      break
    end
  end
end
if not name then
  return {'retry'}
end
redis.call('HSET', KEYS[3], key, cjson.encode({m = ARGV[4], n = ARGV[3], name = name}))
redis.call('SADD', KEYS[5], ARGV[10] .. '\n' .. key .. '\n' .. ARGV[4])
local pub = redis.call('HINCRBY', KEYS[1], 'pub', 1)
redis.call('PUBLISH', KEYS[4], pub .. ' ' .. epoch .. ' j ' .. ARGV[4] .. '\n'
  .. '{"type":"join","name":' .. cjson.encode(name) .. ',"time":"' .. ARGV[9] .. '"}')
local seq = redis.call('HGET', KEYS[1], 'seq')
local members = {}
for _, held in ipairs(redis.call('HVALS', KEYS[3])) do
  members[#members + 1] = cjson.decode(held).name
end
return {'ok', epoch, tostring(seq), tostring(pub), name, key, taken, members,
  redis.call('XRANGE', KEYS[2], '-', '+')}
