// Summarises a V8 .cpuprofile: self time by function and by file (top N).
//   node bench/broker/profile-summary.mjs data/prof/CPU.….cpuprofile [top]
import fs from "node:fs";
const [file, topArg = "30"] = process.argv.slice(2);
const prof = JSON.parse(fs.readFileSync(file, "utf8"));
const top = Number(topArg);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fnTime = new Map();
const fileTime = new Map();
for (const [id, t] of self) {
  const n = byId.get(id);
  const cf = n.callFrame;
  const url = (cf.url || "(native)").replace(/^file:\/\//, "").replace(process.cwd() + "/", "");
  const key = `${cf.functionName || "(anon)"}  ${url}:${cf.lineNumber + 1}`;
  fnTime.set(key, (fnTime.get(key) ?? 0) + t);
  const pkg = url.includes("node_modules/") ? url.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, "$1") : url;
  fileTime.set(pkg, (fileTime.get(pkg) ?? 0) + t);
}
const show = (m, title) => {
  console.log(`\n== ${title} (total ${(total / 1000).toFixed(0)} ms)`);
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(0).padStart(6)} ms  ${k}`);
};
// Inclusive time of our own functions (lib/, app/): self time of the node and everything it called.
const children = new Map(prof.nodes.map((n) => [n.id, n.children ?? []]));
const inclusive = new Map();
const totalOf = (id) => {
  let t = self.get(id) ?? 0;
  for (const c of children.get(id)) t += totalOf(c);
  const n = byId.get(id);
  const url = (n.callFrame.url || "").replace(/^file:\/\//, "").replace(process.cwd() + "/", "");
  if (/^(lib|app)\//.test(url)) {
    const key = `${n.callFrame.functionName || "(anon)"}  ${url}:${n.callFrame.lineNumber + 1}`;
    inclusive.set(key, (inclusive.get(key) ?? 0) + t);
  }
  return t;
};
totalOf(prof.nodes[0].id);
show(fileTime, "self time by file/package");
show(fnTime, "self time by function");
show(inclusive, "inclusive time of lib/ and app/ functions (recursion counted once per frame)");
