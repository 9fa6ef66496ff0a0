// A small seeded PRNG and the random values the fuzzers are built from. Every
// choice a fuzz run makes comes from here, so a failing run is replayed by
// setting FUZZ_SEED to the seed it printed.

export type Rng = {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  int(maxExclusive: number): number;
  between(min: number, maxInclusive: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  bytes(n: number): Uint8Array;
  hex(n: number): string;
};

/** mulberry32: tiny, fast, and good enough to choose mutations. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    seed,
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => next() < p,
    pick: (items) => items[int(items.length)],
    bytes: (n) => Uint8Array.from({ length: n }, () => int(256)),
    hex: (n) => Array.from({ length: n }, () => "0123456789abcdef"[int(16)]).join(""),
  };
}

export function seedFromEnv(): number {
  const raw = process.env.FUZZ_SEED;
  if (raw && /^\d+$/.test(raw)) return Number(raw) >>> 0;
  return (Date.now() ^ (process.pid << 16)) >>> 0;
}

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Fragments that have broken parsers before: escapes, separators, NUL and
// other controls, bidi overrides, zero-width and astral characters, a lone
// surrogate, a BOM, and a few long runs.
const NASTY = [
  "\u0000", "\u0001", "\u001f", "\u007f", "\t", "\r\n", "\u2028", "\u202e", "\u200b", "\ufeff", "\ud800", "\udfff",
  "é", "漢字", "🙂", "👩‍👩‍👧", "Ω", "\u0301", "%", "%00", "%zz", "&", "=", "+", ";", ",", ".", "..", "/", "\\", '"', "'", "<script>",
  "${x}", "{{x}}", "null", "true", "[]", "{}", "-1", "1e309", "NaN", "__proto__", "constructor", "agent_task", "https://", "javascript:alert(1)",
];

export function randomString(rng: Rng, maxLength = 40): string {
  const length = rng.int(maxLength + 1);
  let s = "";
  while (s.length < length) {
    const r = rng.next();
    if (r < 0.55) s += String.fromCharCode(rng.between(0x20, 0x7e));
    else if (r < 0.75) s += B64URL[rng.int(B64URL.length)];
    else if (r < 0.95) s += rng.pick(NASTY);
    else {
      const cp = rng.between(0x80, 0x10ffff);
      s += String.fromCodePoint(cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp);
    }
  }
  return s;
}

/** Characters a header value may carry (a real HTTP stack rejects the rest before any route runs). */
export function randomHeaderValue(rng: Rng, maxLength = 200): string {
  const length = rng.int(maxLength + 1);
  let s = "";
  for (let i = 0; i < length; i++) s += rng.chance(0.9) ? String.fromCharCode(rng.between(0x21, 0x7e)) : String.fromCharCode(rng.between(0xa0, 0xff));
  return s;
}

export function randomBase64url(rng: Rng, length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += B64URL[rng.int(B64URL.length)];
  return s;
}

/** Any JSON value, nested up to `depth`. */
export function randomJson(rng: Rng, depth = 4): unknown {
  const r = rng.int(depth > 0 ? 9 : 6);
  switch (r) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -1, 1.5, 2 ** 53 + 1, -0, 1e308, rng.int(1_000_000)]);
    case 3:
    case 4:
      return randomString(rng, 30);
    case 5:
      return rng.pick(["agent_task", "read", "https://billing.internal", "", " ", "delete"]);
    case 6:
    case 7: {
      const n = rng.int(5);
      return Array.from({ length: n }, () => randomJson(rng, depth - 1));
    }
    default: {
      const o: Record<string, unknown> = {};
      const keys = ["type", "locations", "actions", "identifier", "intent", "task_id", "__proto__", "extra", randomString(rng, 8)];
      for (let i = rng.int(6); i > 0; i--) o[rng.pick(keys)] = randomJson(rng, depth - 1);
      return o;
    }
  }
}

/** Flip, drop, duplicate, insert or cut characters of `s`. */
export function mutateString(rng: Rng, s: string): string {
  let out = s;
  for (let n = rng.between(1, 3); n > 0; n--) {
    const i = out.length === 0 ? 0 : rng.int(out.length);
    switch (rng.int(6)) {
      case 0: // flip one character to another base64url character
        out = out.slice(0, i) + B64URL[rng.int(B64URL.length)] + out.slice(i + 1);
        break;
      case 1:
        out = out.slice(0, i) + out.slice(i + 1);
        break;
      case 2:
        out = out.slice(0, i) + out.charAt(i) + out.slice(i);
        break;
      case 3:
        out = out.slice(0, i) + randomString(rng, 3) + out.slice(i);
        break;
      case 4:
        out = out.slice(0, i);
        break;
      default:
        out = out.slice(0, i) + out.slice(i, i + rng.between(1, 20)).repeat(rng.between(2, 5)) + out.slice(i + 20);
    }
  }
  return out;
}
