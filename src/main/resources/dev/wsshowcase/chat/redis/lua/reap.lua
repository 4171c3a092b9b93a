-- Declares dead the nodes whose last heartbeat is older than the timeout, in one atomic step
-- per call: each member they still held a name for leaves its room (one leave published
-- each), their member sets are removed, and each gets a dead mark so that it closes its
-- sockets if it comes back. Returns the number of leaves.
-- KEYS: 1 node set
-- ARGV: 1 timeout (ms), 2 time for the leave notices, 3 key prefix
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local prefix = ARGV[3]
local leaves = 0
for _, node in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]), 'LIMIT', 0, 16)) do
  local set = prefix .. 'node:' .. node .. ':members'
  for _, entry in ipairs(redis.call('SMEMBERS', set)) do
    local room, key, member = string.match(entry, '^(.-)\n(.-)\n(.*)$')
    if room then
      local names = prefix .. '{' .. room .. '}:names'
      local meta = prefix .. '{' .. room .. '}:meta'
      local held = redis.call('HGET', names, key)
      if held and cjson.decode(held).m == member then
        redis.call('HDEL', names, key)
        local epoch = redis.call('HGET', meta, 'epoch')
        if epoch then
          local pub = redis.call('HINCRBY', meta, 'pub', 1)
          redis.call('PUBLISH', prefix .. '{' .. room .. '}', pub .. ' ' .. epoch .. ' l -\n'
            .. '{"type":"leave","name":' .. cjson.encode(cjson.decode(held).name) .. ',"time":"' .. ARGV[2] .. '"}')
        end
        leaves = leaves + 1
      end
    end
  end
  redis.call('DEL', set)
  redis.call('SET', prefix .. 'node:' .. node .. ':dead', '1', 'EX', 3600)
  redis.call('ZREM', KEYS[1], node)
end
return leaves
