-- wbs_follow.lua: wrk follows reports up with their receipts through the JSON API, each request
-- one receipt that opens a report (one Argon2id on the server).
--
--   wrk -t2 -c8 -d20s --latency -s bench/wbs_follow.lua URL -- RECEIPTS THREADS [close]
--
-- RECEIPTS holds one receipt a line (what bench/wbs_report.lua collected). THREADS must equal
-- wrk's -t: thread i (0-based, numbered in setup) takes the receipts of lines i, i + THREADS, …
-- and goes round them in order, again from its first when it reaches its last, so every receipt
-- is followed up once before any twice. Following up writes nothing, so a receipt may be sent
-- again. Each request carries an X-Forwarded-For of its own (10.(200 + thread).hi.lo), like
-- distinct reporters: only receipts that open no report count against an address, and none
-- should fail here. With "close" every request says Connection: close (a new connection each,
-- as distinct reporters' would be).
--
-- done() prints, for bench/run.sh:
--   wbs-follow: 2xx N non2xx N opened N distinct N first_round N sent N receipts N
--   wbs-follow: status S:CODE N  (one line per non-2xx status and error code of the JSON body)
-- where opened counts 2xx answers that carry the report's state, distinct the different reports
-- they showed (told apart by the "uji beban PHASE-THREAD-N" that wbs_report.lua wrote in each
-- narrative), sent the receipts sent (wrk's check of request() before the run takes one of
-- thread 0's turns) and receipts how many the threads hold. first_round is the sum over the
-- threads of min(2xx, receipts held): when every receipt opens its own report, distinct equals
-- it, give or take the requests still in flight when a thread went round (at most one a
-- connection).

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   table.insert(threads, thread)
   counter = counter + 1
end

local list = {}
local nlist = 0
local nxt = 1
local n = 0
local headers = { ["Content-Type"] = "application/json" }
ok2xx = 0
non2xx = 0
opened = 0
distinct = 0
local seen = {}
sent = 0
held = 0
statuses = {}

function init(args)
   local file, nthreads = args[1], tonumber(args[2])
   if not file or not nthreads or nthreads < 1 then
      error("wbs_follow.lua: usage: -- RECEIPTS THREADS [close]")
   end
   if args[3] == "close" then
      headers["Connection"] = "close"
   end
   local f = assert(io.open(file, "r"))
   local k = 0
   for line in f:lines() do
      if line:match("^%d+$") then
         if k % nthreads == id then
            nlist = nlist + 1
            list[nlist] = line
         end
         k = k + 1
      end
   end
   f:close()
   if nlist == 0 then
      error("wbs_follow.lua: no receipt for thread " .. id .. " in " .. file)
   end
   held = nlist
end

function request()
   local r = list[nxt]
   nxt = nxt % nlist + 1
   n = n + 1
   sent = sent + 1
   headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", 200 + id, math.floor(n / 256) % 256, n % 256)
   return wrk.format("POST", "/api/v1/wbs/follow-up", headers, '{"receipt":"' .. r .. '"}')
end

function response(status, hdrs, body)
   if status >= 200 and status < 300 then
      ok2xx = ok2xx + 1
      if body and body:find('"state"', 1, true) then
         opened = opened + 1
         local key = body:match("uji beban (%d+%-%d+%-%d+)")
         if key and not seen[key] then
            seen[key] = true
            distinct = distinct + 1
         end
      end
   else
      non2xx = non2xx + 1
      local key = status .. ":" .. ((body and body:match('"code"%s*:%s*"([%w_]+)"')) or "-")
      statuses[key] = (statuses[key] or 0) + 1
   end
end

function done(summary, latency, requests)
   local ok, bad, op, d, s, h, f, by = 0, 0, 0, 0, 0, 0, 0, {}
   for _, t in ipairs(threads) do
      f = f + math.min(t:get("ok2xx"), t:get("held"))
      ok = ok + t:get("ok2xx")
      bad = bad + t:get("non2xx")
      op = op + t:get("opened")
      d = d + t:get("distinct")
      s = s + t:get("sent")
      h = h + t:get("held")
      for st, c in pairs(t:get("statuses")) do
         by[st] = (by[st] or 0) + c
      end
   end
   io.write(string.format("wbs-follow: 2xx %d non2xx %d opened %d distinct %d first_round %d sent %d receipts %d\n",
      ok, bad, op, d, f, s, h))
   for st, c in pairs(by) do
      io.write(string.format("wbs-follow: status %s %d\n", st, c))
   end
end
