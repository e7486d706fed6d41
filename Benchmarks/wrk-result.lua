-- wrk script for the benchmarks: one machine-readable RESULT line at the end, and, when the
-- environment names a file in WRK_PATHS (one request path per line), requests cycling through
-- those paths (each thread starts at a different line) instead of the URL's path.
local paths = {}
local file = os.getenv("WRK_PATHS")
if file and file ~= "" then
  for line in io.lines(file) do
    if line ~= "" then paths[#paths + 1] = line end
  end
end
local next_index = 1

function setup(thread)
  thread:set("next_index", math.random(1, math.max(#paths, 1)))
end

function request()
  if #paths == 0 then return wrk.request() end
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format(nil, path)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50_us=%d p99_us=%d max_us=%d requests=%d non2xx=%d sockerr=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    latency.max, summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
