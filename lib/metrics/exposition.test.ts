import { describe, expect, it } from "vitest";
import { bucketIndex, renderPrometheus } from "./exposition";

describe("renderPrometheus", () => {
  it("writes HELP, TYPE and one line per sample, labels sorted", () => {
    const text = renderPrometheus([{ name: "mandate_decisions_total", help: "Decisions.", type: "counter", samples: [{ labels: { outcome: "ALLOW", grant: "ciba" }, value: 3 }] }]);
    expect(text).toBe('# HELP mandate_decisions_total Decisions.\n# TYPE mandate_decisions_total counter\nmandate_decisions_total{grant="ciba",outcome="ALLOW"} 3\n');
  });

  it("writes a sample without labels without braces", () => {
    expect(renderPrometheus([{ name: "up", help: "h", type: "gauge", samples: [{ labels: {}, value: 1 }] }])).toContain("\nup 1\n");
  });

  it("escapes label values and help text", () => {
    const text = renderPrometheus([{ name: "m", help: 'a\\b\nc', type: "gauge", samples: [{ labels: { v: 'say "hi"\\\n' }, value: 0 }] }]);
    expect(text).toContain("# HELP m a\\\\b\\nc\n");
    expect(text).toContain('m{v="say \\"hi\\"\\\\\\n"} 0');
  });

  it("makes histogram buckets cumulative, with +Inf, _sum and _count", () => {
    const text = renderPrometheus([{ name: "lat", help: "h", type: "histogram", buckets: [0.1, 1], samples: [{ labels: { e: "token" }, counts: [2, 1], sum: 7.5, count: 4 }] }]);
    expect(text.split("\n").slice(2, 7)).toEqual(['lat_bucket{e="token",le="0.1"} 2', 'lat_bucket{e="token",le="1"} 3', 'lat_bucket{e="token",le="+Inf"} 4', 'lat_sum{e="token"} 7.5', 'lat_count{e="token"} 4']);
  });

  it("refuses names Prometheus would reject", () => {
    expect(() => renderPrometheus([{ name: "bad-name", help: "h", type: "gauge", samples: [] }])).toThrow(/invalid metric name/);
    expect(() => renderPrometheus([{ name: "ok", help: "h", type: "gauge", samples: [{ labels: { "bad-label": "x" }, value: 1 }] }])).toThrow(/invalid label name/);
    expect(() => renderPrometheus([{ name: "ok", help: "h", type: "gauge", samples: [{ labels: { le: "x" }, value: 1 }] }])).not.toThrow();
  });

  it("formats special numbers the way the format names them", () => {
    const text = renderPrometheus([{ name: "g", help: "h", type: "gauge", samples: [{ labels: { a: "1" }, value: Infinity }, { labels: { a: "2" }, value: NaN }] }]);
    expect(text).toContain('g{a="1"} +Inf');
    expect(text).toContain('g{a="2"} NaN');
  });
});

describe("bucketIndex", () => {
  it("finds the first bucket whose bound holds the value, bounds inclusive", () => {
    expect(bucketIndex([0.1, 1], 0.05)).toBe(0);
    expect(bucketIndex([0.1, 1], 0.1)).toBe(0);
    expect(bucketIndex([0.1, 1], 0.5)).toBe(1);
    expect(bucketIndex([0.1, 1], 2)).toBe(2);
  });
});
