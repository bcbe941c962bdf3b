/**
 * The whole check as one atomic Redis script, on the Redis server's clock (TIME), so instances with
 * skewed clocks still share one exact limit. KEYS are distinct buckets; ARGV holds, per key,
 * limit, windowMs and hits. Levels use the same scaled-integer arithmetic as domain/tokenBucket.ts
 * (values stay below 2^53, which Lua's doubles hold exactly). A bucket is written only when the
 * whole batch is allowed, with a TTL of exactly the time it takes to be full again: an expired key
 * and a full bucket are the same thing, so Redis memory holds only buckets in use.
 * Returns { allowed (1|0), nowMs, level_1 .. level_n } with levels as they were before charging.
 */
export const TAKE_BUCKETS_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = #KEYS
local levels = {}
local ok = 1
for i = 1, n do
  local limit = tonumber(ARGV[3 * i - 2])
  local window = tonumber(ARGV[3 * i - 1])
  local hits = tonumber(ARGV[3 * i])
  local cap = limit * window
  local level = cap
  local stored = redis.call('GET', KEYS[i])
  if stored then
    local sep = string.find(stored, ':', 1, true)
    local scaled = tonumber(string.sub(stored, 1, sep - 1))
    local last = tonumber(string.sub(stored, sep + 1))
    local elapsed = now - last
    if elapsed < 0 then elapsed = 0 end
    if elapsed < window then
      level = scaled + elapsed * limit
      if level > cap then level = cap end
    end
  end
  levels[i] = level
  if hits * window > level then ok = 0 end
end
local out = { ok, now }
for i = 1, n do
  out[i + 2] = levels[i]
  local hits = tonumber(ARGV[3 * i])
  if ok == 1 and hits > 0 then
    local limit = tonumber(ARGV[3 * i - 2])
    local window = tonumber(ARGV[3 * i - 1])
    local after = levels[i] - hits * window
    local ttl = math.floor((limit * window - after + limit - 1) / limit)
    if ttl < 1 then ttl = 1 end
    redis.call('SET', KEYS[i], string.format('%.0f', after) .. ':' .. string.format('%.0f', now), 'PX', ttl)
  end
end
return out
`;
