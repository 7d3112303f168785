-- wbs_healthz.lua: a light probe of GET /healthz, run next to the whistleblowing load to see
-- whether the server still answers other routes, and how fast.
--
--   wrk -t1 -c4 -d20s --latency -s bench/wbs_healthz.lua URL/healthz -- DELAY_MS [close]
--
-- Each connection waits DELAY_MS between its requests (wrk's delay(); the wait is not part of
-- the latency), so the probe adds about connections x 1000 / DELAY_MS requests a second and
-- takes almost no CPU from the load it watches; several connections keep it sampling while
-- one of them waits for a busy worker thread. With "close" every request says
-- Connection: close and wrk opens a new connection for the next one, as a new visitor or a load
-- balancer's health check would: the latency then includes waiting for a worker thread to
-- accept it. Without it the connections are kept alive.

local wait_ms = 50

function init(args)
   wait_ms = tonumber(args[1]) or 50
   if args[2] == "close" then
      wrk.headers["Connection"] = "close"
   end
end

function delay()
   return wait_ms
end
