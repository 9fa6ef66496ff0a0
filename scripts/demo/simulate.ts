// The demo's agents at work, through @mandate/agent-sdk exactly as a real
// agent would use it: each one loops over its scenarios (org.ts) — routine
// reads, now and then a destructive act that waits for a person's approval,
// a delegation to a sub-agent, a request outside its ceiling — and completes
// or fails each task, so every credential dies with its task. One line per
// event on stdout. Stops on SIGINT/SIGTERM.
//   MANDATE_URL=… node --import tsx scripts/demo/simulate.ts data/demo-agents.json
import fs from "node:fs";
import { AGENTS, type DemoAgent, type Scenario, type SeededAgent } from "./org";

type Sdk = typeof import("@mandate/agent-sdk");
type Agent = import("@mandate/agent-sdk").MandateAgent;

class TaskFailure extends Error {}

const stop = new AbortController();
const time = () => new Date().toISOString().slice(11, 19);
const say = (who: string, what: string) => console.log(`${time()}  ${who.padEnd(22)} ${what}`);
const host = (url: string) => new URL(url).host;
const between = (lo: number, hi: number) => lo + Math.random() * (hi - lo);

/** Waits, or stops waiting when the demo stops. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (stop.signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    stop.signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });
}

function pick(scenarios: Scenario[]): Scenario {
  let roll = Math.random() * scenarios.reduce((n, s) => n + s.weight, 0);
  for (const s of scenarios) if ((roll -= s.weight) < 0) return s;
  return scenarios[0];
}

async function runTask(sdk: Sdk, agents: Map<string, Agent>, a: DemoAgent, s: Scenario) {
  const agent = agents.get(a.name)!;
  const what = `${s.actions.join("+")} on ${host(s.audience)}`;
  let waited = false;
  try {
    await agent.withCredential(
      {
        location: s.audience,
        actions: s.actions,
        identifier: s.identifier,
        intent: s.intent,
        ttl: 300,
        signal: stop.signal,
        onPending: (p) => {
          if (p.polls > 0) return;
          waited = true;
          say(a.name, `${what}: ${p.message}`);
        },
      },
      async (credential) => {
        say(a.name, `${what}: ${waited ? "approved by a person — continuing the task" : "allowed"} (task ${credential.taskId.slice(0, 8)}…)`);
        if (s.delegateTo) {
          const sub = agents.get(s.delegateTo)!;
          const delegated = await sub.exchange(credential, { actions: ["read"], ttl: 120, signal: stop.signal });
          say(s.delegateTo, `read on ${host(s.audience)}: delegated by ${a.name}, ${delegated.expiresIn} s`);
        }
        await pause(between(1000, 3000)); // the work itself
        if (Math.random() < (s.failRate ?? 0)) throw new TaskFailure("the upstream system timed out");
      },
    );
    say(a.name, `${what}: task succeeded, its credentials revoked`);
  } catch (e) {
    if (stop.signal.aborted) return;
    if (e instanceof TaskFailure) return say(a.name, `${what}: task failed (${e.message}), its credentials revoked`);
    if (!(e instanceof sdk.MandateError)) throw e;
    if (e.isUnavailable) return say(a.name, `${what}: Mandate is unavailable (${e.message})`);
    const reason = e.message.replace(/^.*?: (access_denied|expired_token|invalid_client): /, "");
    say(a.name, `${what}: ${e.code === "access_denied" ? "DENIED" : e.code}: ${reason.slice(0, 140)}`);
  }
}

async function runAgent(sdk: Sdk, agents: Map<string, Agent>, a: DemoAgent, startAfterMs: number) {
  await pause(startAfterMs);
  let next = a.opensWith;
  while (!stop.signal.aborted) {
    const scenario = next !== undefined ? a.scenarios[next] : pick(a.scenarios);
    next = undefined;
    await runTask(sdk, agents, a, scenario);
    await pause(between(4000, 10000));
  }
}

async function main() {
  const file = process.argv[2];
  const url = process.env.MANDATE_URL;
  if (!file || !url) throw new Error("usage: MANDATE_URL=… simulate.ts <agents-file>");
  const sdk = await import("@mandate/agent-sdk");
  const seeded = JSON.parse(fs.readFileSync(file, "utf8")) as SeededAgent[];
  const agents = new Map<string, Agent>();
  for (const s of seeded) agents.set(s.name, await sdk.MandateAgent.connect({ url, clientId: s.id, key: s.privateJwk }));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      stop.abort();
      // Tasks in flight report their end; anything slower than this is cut off.
      setTimeout(() => process.exit(0), 5_000).unref();
    });
  }
  const active = AGENTS.filter((a) => a.scenarios.length > 0);
  await Promise.all(active.map((a, i) => runAgent(sdk, agents, a, i * 700)));
  process.exit(0);
}

main().catch((e) => {
  console.error(`demo agents stopped: ${e?.stack ?? e}`);
  process.exit(1);
});
