-- wrk prints 50/75/90/99 only; this adds the exact p50, p95 and p99 in microseconds.
done = function(summary, latency, requests)
  io.write(string.format("PCT %d %d %d\n", latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
