import { beforeEach, describe, expect, it } from "vitest";
import { defineCounter, defineHistogram, processMetricFamilies, resetMetricsForTests } from "./registry";
import { renderPrometheus } from "./exposition";

beforeEach(() => resetMetricsForTests());

describe("the in-process registry", () => {
  it("counts per label set, whatever order the labels come in", () => {
    const c = defineCounter("t_total", "t");
    c.inc({ a: "1", b: "2" });
    c.inc({ b: "2", a: "1" }, 2);
    c.inc({ a: "x", b: "2" });
    const [family] = processMetricFamilies();
    expect(family).toMatchObject({ name: "t_total", type: "counter", samples: [{ labels: { a: "1", b: "2" }, value: 3 }, { labels: { a: "x", b: "2" }, value: 1 }] });
  });

  it("keeps one registry per process: a second copy of the module counts into the same place", () => {
    defineCounter("shared_total", "s").inc();
    // What another bundle's copy of this module would do: define the same name again.
    defineCounter("shared_total", "s").inc();
    expect(processMetricFamilies()[0]).toMatchObject({ samples: [{ value: 2 }] });
    expect((globalThis as unknown as { mandateMetrics: Map<string, unknown> }).mandateMetrics.has("shared_total")).toBe(true);
  });

  it("puts observations into buckets, overflow only into +Inf", () => {
    const h = defineHistogram("lat_seconds", "l", [0.01, 0.1]);
    for (const v of [0.005, 0.05, 0.05, 3]) h.observe({ endpoint: "token" }, v);
    const text = renderPrometheus(processMetricFamilies());
    expect(text).toContain('lat_seconds_bucket{endpoint="token",le="0.01"} 1');
    expect(text).toContain('lat_seconds_bucket{endpoint="token",le="0.1"} 3');
    expect(text).toContain('lat_seconds_bucket{endpoint="token",le="+Inf"} 4');
    expect(text).toContain('lat_seconds_count{endpoint="token"} 4');
    expect(text).toMatch(/lat_seconds_sum\{endpoint="token"\} 3\.10\d*/);
  });
});
