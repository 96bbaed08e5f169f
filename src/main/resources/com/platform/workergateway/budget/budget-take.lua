-- Takes tokens of an operation's bucket, atomically (Redis runs a script alone).
-- The same arithmetic as TokenBucket.take, on Redis's clock so replicas' clocks never matter.
-- KEYS[1]  the bucket (a hash: tokens, at = microseconds of the last refill)
-- ARGV[1]  rate, tokens per second      ARGV[2]  capacity (the burst less the calls' delay)
-- ARGV[3]  reserve kept for high priority
-- ARGV[4]  1 = low priority (never takes the reserve, never waits), 0 = high priority,
--          2 = charge: take ARGV[8] tokens whatever is left (calls this replica granted from
--          its local share while Redis failed, still to go out; FailoverBudgetStore)
-- ARGV[5]  longest wait a high-priority caller accepts, microseconds
-- ARGV[6]  tokens of a bucket that does not exist yet
-- ARGV[7]  time to live of the key, milliseconds (an idle bucket is full again by then)
-- ARGV[8]  tokens to take: 1, or the calls charged
-- Returns the wait in microseconds (0: call at once), or minus the time until a token
-- would be there when refused (never 0).
local rate = tonumber(ARGV[1]) / 1000000
local capacity = tonumber(ARGV[2])
local reserve = math.min(tonumber(ARGV[3]), capacity - 1)
local low = ARGV[4] == '1'
local charge = ARGV[4] == '2'
local count = tonumber(ARGV[8])
local max_wait = tonumber(ARGV[5])

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = tonumber(ARGV[6])
  at = now
end
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)

local function until_level(level)
  local missing = level - tokens
  if missing <= 0 then
    return 0
  end
  return math.max(1, math.ceil(missing / rate))
end

local wait
if charge then
  wait = 0
elseif low then
  if tokens < reserve + 1 then
    return -until_level(reserve + 1)
  end
  wait = 0
else
  wait = until_level(1)
  if wait > max_wait then
    return -wait
  end
end
tokens = tokens - count
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], ARGV[7])
return wait
