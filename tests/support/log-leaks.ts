// Finds secrets in server logs: anything shaped like a JWT or JWE (access
// tokens, assertions, DPoP proofs, session cookies), a personal access token,
// a private JWK or PEM key, plus any literal the caller knows is secret
// (passwords, MANDATE_SECRET). Used on the logs of a whole end-to-end run
// (e2e/global-teardown.ts).

const SHAPES: { name: string; re: RegExp }[] = [
  { name: "JWT/JWE", re: /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{10,}/ },
  { name: "personal access token", re: /mdt_[A-Za-z0-9_-]{30,}/ },
  { name: "private JWK", re: /\\?"d\\?"\s*:\s*\\?"[A-Za-z0-9_-]{20,}/ },
  { name: "PEM private key", re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
];

export type Leak = { line: number; what: string; excerpt: string };

export function findLeaks(log: string, literals: { name: string; value: string }[]): Leak[] {
  const leaks: Leak[] = [];
  log.split("\n").forEach((text, i) => {
    for (const s of SHAPES) {
      const m = s.re.exec(text);
      if (m) leaks.push({ line: i + 1, what: s.name, excerpt: m[0].slice(0, 24) + "…" });
    }
    for (const l of literals) {
      if (l.value.length >= 8 && text.includes(l.value)) leaks.push({ line: i + 1, what: l.name, excerpt: `${l.value.slice(0, 4)}…` });
    }
  });
  return leaks;
}
