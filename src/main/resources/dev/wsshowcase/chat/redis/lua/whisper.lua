-- A private message, in one atomic step: the recipient is looked up by name key, and the
-- message is published for the recipient's and the sender's member ids only (each node
-- delivers it to those of its members), with the recipient's name as it holds it.
-- KEYS: 1 meta, 2 names, 3 channel
-- ARGV: 1 recipient's name key, 2 sender's name key, 3 sender's member id,
--       4 JSON up to "to":, 5 JSON after the recipient's name
local sender = redis.call('HGET', KEYS[2], ARGV[2])
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not sender or cjson.decode(sender).m ~= ARGV[3] or not epoch then
  return {'gone'}
end
local held = redis.call('HGET', KEYS[2], ARGV[1])
if not held then
  return {'unknown'}
end
local recipient = cjson.decode(held)
local pub = redis.call('HINCRBY', KEYS[1], 'pub', 1)
redis.call('PUBLISH', KEYS[3], pub .. ' ' .. epoch .. ' p ' .. recipient.m .. ',' .. ARGV[3] .. '\n'
  .. ARGV[4] .. cjson.encode(recipient.name) .. ARGV[5])
return {'ok', tostring(pub)}
