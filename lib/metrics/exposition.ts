// Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/): pure, so the
// format can be tested without a server.

export type Labels = Record<string, string>;

export type MetricFamily =
  | { name: string; help: string; type: "counter" | "gauge"; samples: { labels: Labels; value: number }[] }
  | { name: string; help: string; type: "histogram"; buckets: readonly number[]; samples: { labels: Labels; counts: readonly number[]; sum: number; count: number }[] };

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "+Inf";
  if (n === -Infinity) return "-Inf";
  return String(n);
}

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (extra) pairs.push(extra);
  if (pairs.length === 0) return "";
  for (const [k] of pairs) if (!LABEL.test(k) || k.startsWith("__")) throw new Error(`invalid label name ${JSON.stringify(k)}`);
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}`;
}

/** Renders metric families in the order given; samples keep their order. */
export function renderPrometheus(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    if (!NAME.test(f.name)) throw new Error(`invalid metric name ${JSON.stringify(f.name)}`);
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    if (f.type === "histogram") {
      for (const s of f.samples) {
        // Buckets are cumulative: each counts every observation ≤ its bound.
        let cumulative = 0;
        f.buckets.forEach((bound, i) => {
          cumulative += s.counts[i] ?? 0;
          lines.push(`${f.name}_bucket${labelText(s.labels, ["le", formatNumber(bound)])} ${cumulative}`);
        });
        lines.push(`${f.name}_bucket${labelText(s.labels, ["le", "+Inf"])} ${s.count}`);
        lines.push(`${f.name}_sum${labelText(s.labels)} ${formatNumber(s.sum)}`);
        lines.push(`${f.name}_count${labelText(s.labels)} ${s.count}`);
      }
    } else {
      for (const s of f.samples) lines.push(`${f.name}${labelText(s.labels)} ${formatNumber(s.value)}`);
    }
  }
  return lines.join("\n") + "\n";
}

/** Index of the first bucket whose upper bound holds `value` (buckets.length = only +Inf). */
export function bucketIndex(buckets: readonly number[], value: number): number {
  for (let i = 0; i < buckets.length; i++) if (value <= buckets[i]) return i;
  return buckets.length;
}
