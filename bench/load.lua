-- wrk script: every request asks for the next of a fixed list of pages,
-- charts, data files and assets of the example site, so the whole site is
-- exercised; one of the 18 paths does not exist (a 404 by design).
local paths = {
  "/", "/counties/", "/counties/dongtai/", "/counties/dongtai/2019-h1/",
  "/counties/funing/2020-h2/", "/compare/", "/metrics/township_sast_coverage/",
  "/metrics/township_sast_coverage/trend.svg", "/counties/yandu/health_lectures.svg",
  "/periods/2020-h2/", "/tags/", "/about/", "/style.css", "/data/metrics.csv",
  "/data/summary.json", "/search/", "/feed.xml", "/no/such/page/",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
-- Note: response() runs in each wrk thread's own Lua state, so the counts
-- cannot be summed here; wrk's own "Non-2xx or 3xx responses" line counts
-- them, and exactly 1 in 18 requests (the page that does not exist) is
-- expected to be a 404.
done = function(summary, latency, requests)
  io.write(string.format("requests %d, socket errors: connect %d read %d write %d timeout %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
