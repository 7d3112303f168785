-- wbs_report.lua: wrk files one whistleblowing report per request through the JSON API and keeps
-- the receipts the server answers, for bench/wbs_follow.lua.
--
--   wrk -t2 -c8 -d20s --latency -s bench/wbs_report.lua URL -- RECEIPTS PHASE [close]
--
-- Each request posts {"unit":"51.05","category":"korupsi","what","who","narrative"} to
-- /api/v1/wbs/reports (the server runs with ZONA_WBS_POW_BITS=0: no proof of work) with an
-- X-Forwarded-For of its own, so the flood limit (20 reports an hour per client address) meets
-- each address once; the server must believe the header (ZONA_TRUSTED_PROXY=127.0.0.1). The
-- address is 10.(16 PHASE + thread).hi.lo with a per-thread counter: PHASE (0..15) keeps the
-- warm-up's addresses apart from the run's. The narrative names the report "uji beban
-- PHASE-THREAD-N", so wbs_follow.lua can tell which report a receipt opened. Thread i writes the
-- receipts of its 201 answers to RECEIPTS.i, one a line, flushed as they come. With "close" every
-- request says Connection: close, so each comes on a new connection, as distinct reporters'
-- would (bench/run.sh uses it: kept-alive connections stay on the worker thread that accepted
-- them).
--
-- done() prints, for bench/run.sh:
--   wbs: 2xx N non2xx N receipts N
--   wbs: status S:CODE N  (one line per non-2xx status and error code of the JSON body)

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   table.insert(threads, thread)
   counter = counter + 1
end

local out
local phase
local n = 0
local headers = { ["Content-Type"] = "application/json" }
ok2xx = 0
non2xx = 0
receipts = 0
statuses = {}

function init(args)
   local prefix = args[1]
   phase = tonumber(args[2])
   if not prefix or not phase or phase < 0 or phase > 15 then
      error("wbs_report.lua: usage: -- RECEIPTS PHASE(0..15) [close]")
   end
   if args[3] == "close" then
      headers["Connection"] = "close"
   end
   out = assert(io.open(prefix .. "." .. id, "w"))
end

-- a few texts, chosen by the request's number, so the sealed bodies are not all alike
local what = {
   "Pungutan di luar ketentuan saat pelayanan perizinan",
   "Permintaan uang pelicin untuk mempercepat berkas",
   "Pengadaan barang dengan harga jauh di atas pasar",
}
local who = { "Petugas loket pelayanan", "Pejabat pengadaan", "Staf bagian umum" }

function request()
   n = n + 1
   local xff = string.format("10.%d.%d.%d", 16 * phase + id, math.floor(n / 256) % 256, n % 256)
   headers["X-Forwarded-For"] = xff
   local k = n + id
   local body = string.format(
      '{"unit":"51.05","category":"korupsi","what":"%s","who":"%s","narrative":"Laporan uji beban %d-%d-%d: %s. Kejadian berulang setiap pekan, disaksikan beberapa pemohon."}',
      what[k % #what + 1], who[k % #who + 1], phase, id, n, what[k % #what + 1])
   return wrk.format("POST", "/api/v1/wbs/reports", headers, body)
end

function response(status, hdrs, body)
   if status >= 200 and status < 300 then
      ok2xx = ok2xx + 1
      local r = body and body:match('"receipt"%s*:%s*"(%d+)"')
      if r then
         out:write(r, "\n")
         out:flush()
         receipts = receipts + 1
      end
   else
      non2xx = non2xx + 1
      local key = status .. ":" .. ((body and body:match('"code"%s*:%s*"([%w_]+)"')) or "-")
      statuses[key] = (statuses[key] or 0) + 1
   end
end

function done(summary, latency, requests)
   local ok, bad, got, by = 0, 0, 0, {}
   for _, t in ipairs(threads) do
      ok = ok + t:get("ok2xx")
      bad = bad + t:get("non2xx")
      got = got + t:get("receipts")
      for s, c in pairs(t:get("statuses")) do
         by[s] = (by[s] or 0) + c
      end
   end
   io.write(string.format("wbs: 2xx %d non2xx %d receipts %d\n", ok, bad, got))
   for s, c in pairs(by) do
      io.write(string.format("wbs: status %s %d\n", s, c))
   end
end
