// In-process counters and histograms for /api/metrics. They live on globalThis
// because server/main.ts (loaded by tsx) and the Next.js bundle each hold their
// own copy of this module within one process; both must count into one place.
// Each instance exposes its own numbers, as Prometheus expects (sum across
// instances in the query). Labels come from small fixed sets, never from input.
import { bucketIndex, type Labels, type MetricFamily } from "./exposition";

/** Seconds: broker requests take milliseconds; the top buckets catch stalls. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

type CounterDef = { type: "counter"; help: string; values: Map<string, { labels: Labels; value: number }> };
type HistogramDef = { type: "histogram"; help: string; buckets: readonly number[]; values: Map<string, { labels: Labels; counts: number[]; sum: number; count: number }> };
type Registry = Map<string, CounterDef | HistogramDef>;

const holder = globalThis as unknown as { mandateMetrics?: Registry };

function registry(): Registry {
  holder.mandateMetrics ??= new Map();
  return holder.mandateMetrics;
}

function key(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join("\u0000");
}

function definition<D extends CounterDef | HistogramDef>(name: string, make: () => D): D {
  const reg = registry();
  let def = reg.get(name);
  if (!def) {
    def = make();
    reg.set(name, def);
  }
  return def as D;
}

export function defineCounter(name: string, help: string) {
  const make = (): CounterDef => ({ type: "counter", help, values: new Map() });
  definition(name, make);
  return {
    inc(labels: Labels = {}, by = 1) {
      const def = definition(name, make);
      const k = key(labels);
      const v = def.values.get(k);
      if (v) v.value += by;
      else def.values.set(k, { labels: { ...labels }, value: by });
    },
  };
}

export function defineHistogram(name: string, help: string, buckets: readonly number[] = LATENCY_BUCKETS) {
  const make = (): HistogramDef => ({ type: "histogram", help, buckets, values: new Map() });
  definition(name, make);
  return {
    observe(labels: Labels, value: number) {
      const def = definition(name, make);
      const k = key(labels);
      let v = def.values.get(k);
      if (!v) {
        v = { labels: { ...labels }, counts: new Array(def.buckets.length).fill(0), sum: 0, count: 0 };
        def.values.set(k, v);
      }
      const i = bucketIndex(def.buckets, value);
      if (i < def.buckets.length) v.counts[i]++;
      v.sum += value;
      v.count++;
    },
  };
}

/** A snapshot of everything counted in this process, sorted by name. */
export function processMetricFamilies(): MetricFamily[] {
  return [...registry().entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, def]): MetricFamily =>
      def.type === "counter"
        ? { name, help: def.help, type: "counter", samples: [...def.values.values()].map((v) => ({ labels: v.labels, value: v.value })) }
        : { name, help: def.help, type: "histogram", buckets: def.buckets, samples: [...def.values.values()].map((v) => ({ labels: v.labels, counts: [...v.counts], sum: v.sum, count: v.count })) },
    );
}

/** Test hook. */
export function resetMetricsForTests() {
  holder.mandateMetrics = new Map();
}
