-- A member's chat message (kind m) or typing notice (kind t), in one atomic step: refused if
-- the sender no longer holds its name or the node's deadline has passed (a command retried
-- after a reconnect is never delivered late), refused as a duplicate if its id was seen; a
-- message takes the next seq of the room's epoch and is added to the capped history stream;
-- then it takes the room's next publication number and is published.
-- KEYS: 1 meta (hash epoch, seq, pub), 2 history stream, 3 channel, 4 dedup key of this id, 5 names
-- ARGV: 1 epoch to start if the room has none, 2 deadline (ms, Redis clock), 3 kind, 4 target,
--       5 history length, 6 sender's name key, 7 sender's member id,
--       m: 8 time, 9 JSON after "seq":N, (the rest of the message), 10 from, 11 text
--       t: 8 the whole JSON
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now > tonumber(ARGV[2]) then
  return {'late'}
end
local held = redis.call('HGET', KEYS[5], ARGV[6])
if not held or cjson.decode(held).m ~= ARGV[7] then
  return {'gone'}
end
-- a typing notice is never sent again, and its deadline is short: no id kept for it
if ARGV[3] == 'm' and not redis.call('SET', KEYS[4], '1', 'PX', 60000, 'NX') then
  return {'duplicate'}
end
local history = tonumber(ARGV[5])
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if epoch and history > 0 and tonumber(redis.call('HGET', KEYS[1], 'seq')) > 0 and redis.call('EXISTS', KEYS[2]) == 0 then
  epoch = false
end
if not epoch then
  epoch = ARGV[1]
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'epoch', epoch, 'seq', 0, 'pub', 0)
end
local seq = 0
local json = ARGV[8]
if ARGV[3] == 'm' then
  seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
  if history > 0 then
    redis.call('XADD', KEYS[2], 'MAXLEN', history, '*', 'seq', seq, 'time', ARGV[8], 'from', ARGV[10], 'text', ARGV[11])
  end
  json = '{"type":"message","seq":' .. seq .. ',' .. ARGV[9]
end
local pub = redis.call('HINCRBY', KEYS[1], 'pub', 1)
redis.call('PUBLISH', KEYS[3], pub .. ' ' .. epoch .. ' ' .. ARGV[3] .. ' ' .. ARGV[4] .. '\n' .. json)
return {'ok', epoch, tostring(seq), tostring(pub)}
