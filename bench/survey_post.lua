-- survey_post.lua: wrk posts one SPAK response per request to the public JSON API, each with its
-- own one-time code, never one twice.
--
--   wrk -t2 -c256 -d10s --latency -s bench/survey_post.lua URL -- CODES_FILE THREADS
--
-- CODES_FILE is what build/bench/survey_seed writes: the campaign's public_id on the first line,
-- then one code a line. THREADS must equal wrk's -t: thread i (0-based, numbered in setup) takes
-- the codes of lines i, i + THREADS, i + 2 THREADS, ..., so no two threads share a code. wrk's
-- request() is also called once on the first thread before the run, to check the request; that
-- code is spent unsent, never reused. When a thread's codes run out it sends the code
-- "HABIS-KODE", which the server refuses (an error in the counts) and which is counted apart as
-- "exhausted": seed more codes (rate x seconds x 1.5).
--
-- done() prints, for bench/run.sh:
--   survey: 2xx N non2xx N exhausted N codes_sent N
--   survey: status S N          (one line per non-2xx status)

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   table.insert(threads, thread)
   counter = counter + 1
end

-- the body's items vary with the code's position (deterministic), all on the 1..4 scale
local kelompok = { "masyarakat-umum", "pelapor", "pemohon-informasi", "peserta-pemilu", "media", "mitra" }

local codes = {}
local ncodes = 0
local next_code = 1
local path
local headers = { ["Content-Type"] = "application/json" }
ok2xx = 0
non2xx = 0
exhausted = 0
sent = 0
statuses = {}

function init(args)
   local file, nthreads = args[1], tonumber(args[2])
   if not file or not nthreads or nthreads < 1 then
      error("survey_post.lua: usage: -- CODES_FILE THREADS")
   end
   local f = assert(io.open(file, "r"))
   local public_id = f:read("*l")
   local k = 0
   for line in f:lines() do
      if line ~= "" then
         if k % nthreads == id then
            ncodes = ncodes + 1
            codes[ncodes] = line
         end
         k = k + 1
      end
   end
   f:close()
   path = "/api/v1/surveys/" .. public_id .. "/responses"
end

function request()
   local code
   if next_code <= ncodes then
      code = codes[next_code]
      codes[next_code] = nil
      next_code = next_code + 1
      sent = sent + 1
   else
      code = "HABIS-KODE"
      exhausted = exhausted + 1
   end
   local h = next_code * 7 + id
   local body = string.format(
      '{"answers":{"spak1":%d,"spak2":%d,"spak3":%d,"spak4":%d,"spak5":%d},"kelompok":"%s","kode":"%s"}',
      4 - h % 2, 4 - h % 3, 3 + h % 2, 4 - (h + 1) % 3, 4 - (h + 2) % 2,
      kelompok[h % #kelompok + 1], code)
   return wrk.format("POST", path, headers, body)
end

function response(status, hdrs, body)
   if status >= 200 and status < 300 then
      ok2xx = ok2xx + 1
   else
      non2xx = non2xx + 1
      statuses[status] = (statuses[status] or 0) + 1
   end
end

function done(summary, latency, requests)
   local ok, bad, out, n, by = 0, 0, 0, 0, {}
   for _, t in ipairs(threads) do
      ok = ok + t:get("ok2xx")
      bad = bad + t:get("non2xx")
      out = out + t:get("exhausted")
      n = n + t:get("sent")
      for s, c in pairs(t:get("statuses")) do
         by[s] = (by[s] or 0) + c
      end
   end
   io.write(string.format("survey: 2xx %d non2xx %d exhausted %d codes_sent %d\n", ok, bad, out, n))
   for s, c in pairs(by) do
      io.write(string.format("survey: status %d %d\n", s, c))
   end
end
