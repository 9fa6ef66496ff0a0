// The only place that reads process.env. Everything else imports `env`.
import path from "node:path";
import crypto from "node:crypto";
import { z } from "zod";

const DEFAULT_SQLITE_URL = "file:./data/mandate.db";

/** Relative SQLite paths are anchored at the project root, never at the current directory. */
export function resolveDatabaseUrl(url: string): string {
  if (!url.startsWith("file:")) return url;
  const p = url.slice("file:".length);
  return "file:" + (path.isAbsolute(p) ? p : path.resolve(/* turbopackIgnore: true */ process.cwd(), p));
}

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default(DEFAULT_SQLITE_URL)
    .refine((u) => /^(file:|postgres(ql)?:\/\/)/i.test(u), "DATABASE_URL must start with file: or postgresql://"),
  /** Root secret: session signing and (later) encryption of signing keys derive from it. */
  MANDATE_SECRET: optionalString.pipe(z.string().min(32, "MANDATE_SECRET must be at least 32 characters").optional()),
  /**
   * What the production server (server/main.ts) serves: "all" (the broker's
   * endpoints, the dashboard and every API, through Next.js) or "broker" (only
   * the broker's endpoints and the health, readiness and metrics probes, with
   * the background jobs — no Next.js, so no `next build` is needed).
   */
  MANDATE_SERVE: z.enum(["all", "broker"]).default("all"),
  /**
   * PostgreSQL: connections each instance's pool may open. A credential
   * request holds one for its whole transaction, so this caps the requests an
   * instance writes at once (size max_connections for it × instances).
   */
  MANDATE_DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  /** Port the production server listens on (server/main.ts). */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Public base URL of this installation. */
  MANDATE_URL: optionalString,
  NEXTAUTH_URL: optionalString,
  MANDATE_ADMIN_EMAIL: optionalString,
  MANDATE_ADMIN_PASSWORD: optionalString,
  MANDATE_ADMIN_NAME: optionalString,
  MANDATE_OIDC_ISSUER: optionalString,
  MANDATE_OIDC_CLIENT_ID: optionalString,
  MANDATE_OIDC_CLIENT_SECRET: optionalString,
  MANDATE_OIDC_NAME: optionalString,
  MANDATE_SESSION_MAX_AGE_SECONDS: z.coerce.number().int().min(300).max(7 * 24 * 3600).default(8 * 3600),
  MANDATE_SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  /** Invalid personal access tokens one client address may present per sign-in window before all its tokens are refused. */
  MANDATE_TOKEN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(20),
  MANDATE_SIGNIN_WINDOW_SECONDS: z.coerce.number().int().min(10).max(24 * 3600).default(15 * 60),
  /**
   * Reverse proxies in front of Mandate that append to X-Forwarded-For (0: none, clients connect directly).
   * The client address — what sign-in and token throttles count by — is taken that many hops from the right.
   */
  MANDATE_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  MANDATE_BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  MANDATE_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Longest credential lifetime policy allows, whatever the ceiling says. */
  MANDATE_POLICY_MAX_TTL_SECONDS: z.coerce.number().int().min(30).max(24 * 3600).default(3600),
  MANDATE_STEP_UP_TTL_SECONDS: z.coerce.number().int().min(60).max(24 * 3600).default(15 * 60),
  MANDATE_STEP_UP_POLL_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
  /** Credential requests per agent per minute before requests are denied… */
  MANDATE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /** …and the count in one minute that suspends the agent (a sustained burst). */
  MANDATE_RATE_SUSPEND_PER_MINUTE: z.coerce.number().int().min(2).max(1_000_000).default(180),
  /** Longest lifetime accepted for a client assertion, in seconds. */
  MANDATE_ASSERTION_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  /** Workload identity federation: how long a discovered issuer key set is used before it is fetched again, in seconds. */
  MANDATE_FEDERATION_JWKS_TTL_SECONDS: z.coerce.number().int().min(10).max(24 * 3600).default(600),
  /** …and the least time between two fetches caused by an unknown kid (a rotation), in seconds. */
  MANDATE_FEDERATION_JWKS_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** …and how long one fetch of a discovery document or key set may take, in milliseconds. */
  MANDATE_FEDERATION_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5000),
  /** Where evidence bundles are built and kept for download (shared storage when several instances run). */
  MANDATE_EXPORT_DIR: z.string().default("./data/exports"),
  // Worker threads that take turns encoding a large SQLite export. 2 made a
  // million-event export ~20 % faster on 2 cores for ~60 MB more peak memory.
  MANDATE_EXPORT_ENCODE_WORKERS: z.coerce.number().int().min(1).max(8).default(1),
  /** How long a finished evidence bundle stays downloadable, in hours. */
  MANDATE_EXPORT_KEEP_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 7),
  /** Bearer token a Prometheus scraper sends to /api/metrics; unset = metrics off. */
  MANDATE_METRICS_TOKEN: optionalString.pipe(z.string().min(32, "MANDATE_METRICS_TOKEN must be at least 32 characters").optional()),
  /** Hours before an access review's due date at which reviewers are reminded, e.g. "72,24". */
  MANDATE_ACCESS_REVIEW_REMINDER_HOURS: z
    .string()
    .default("72,24")
    .transform((s) => s.split(",").map((x) => x.trim()).filter((x) => x !== "").map(Number))
    .pipe(z.array(z.number().int().min(1).max(24 * 90)).max(10))
    .transform((hours) => [...new Set(hours)].sort((a, b) => b - a)),
  /**
   * TESTS ONLY: a file holding a clock offset in milliseconds that the
   * scheduler and access reviews add to the real time (end-to-end specs move
   * past a due date with it). Refused when MANDATE_URL is https.
   */
  MANDATE_TEST_CLOCK_FILE: optionalString,
  /** Posture: how often the findings are evaluated (every instance tries; one runs at a time). */
  MANDATE_POSTURE_INTERVAL_SECONDS: z.coerce.number().int().min(30).max(24 * 3600).default(300),
  /** Posture: days without a credential request before an ACTIVE agent is dormant. */
  MANDATE_POSTURE_DORMANT_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Posture: the window in which ceiling actions and audiences must have been used. */
  MANDATE_POSTURE_USAGE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Posture: hours a newly named owner has to acknowledge. */
  MANDATE_POSTURE_ACK_GRACE_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(72),
  /** Posture: the window for risky behaviour, and how many denials in it are "repeated". */
  MANDATE_POSTURE_RISK_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  MANDATE_POSTURE_DENIAL_THRESHOLD: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** Posture: the longest credential lifetime a ceiling should allow. */
  MANDATE_POSTURE_MAX_TTL_SECONDS: z.coerce.number().int().min(1).max(24 * 3600).default(3600),
  /** Posture: agent keys older than this should have been rotated. */
  MANDATE_POSTURE_KEY_ROTATION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Posture: risk tiers whose agents must require DPoP (comma-separated). */
  MANDATE_POSTURE_DPOP_TIERS: z
    .string()
    .default("HIGH,CRITICAL")
    .transform((s) => s.split(",").map((t) => t.trim().toUpperCase()).filter(Boolean))
    .pipe(z.array(z.enum(["LOW", "HIGH", "CRITICAL"], { error: "must list tiers among LOW, HIGH, CRITICAL" }))),
  /** Revocation stream: the slow poll that backs up the in-process and LISTEN/NOTIFY wake-ups. */
  MANDATE_REVOCATION_POLL_SECONDS: z.coerce.number().min(0.05).max(300).default(5),
  /** Revocation stream: seconds between heartbeat comments on an idle stream. */
  MANDATE_REVOCATION_HEARTBEAT_SECONDS: z.coerce.number().min(0.05).max(300).default(15),
  /** Revocation stream: a stream is closed after this long (the client reconnects with a fresh assertion and Last-Event-ID). */
  MANDATE_REVOCATION_STREAM_MAX_SECONDS: z.coerce.number().int().min(10).max(24 * 3600).default(3600),
  /** Revocation stream: open streams one resource server may hold on one instance. */
  MANDATE_REVOCATION_STREAMS_PER_RESOURCE: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Leak reports (POST /api/oauth/revoke-leaked) one client address may send per sign-in window. */
  MANDATE_LEAK_REPORTS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(30),
});

function parseEnv() {
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid environment: ${issues}`);
  }
  const e = parsed.data;
  const databaseUrl = resolveDatabaseUrl(e.DATABASE_URL);
  const baseUrl = (e.MANDATE_URL ?? e.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  if (e.MANDATE_TEST_CLOCK_FILE && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(baseUrl)) {
    throw new Error("MANDATE_TEST_CLOCK_FILE shifts the application clock and is for tests only: it is refused unless MANDATE_URL is http://localhost");
  }
  const oidc =
    e.MANDATE_OIDC_ISSUER && e.MANDATE_OIDC_CLIENT_ID && e.MANDATE_OIDC_CLIENT_SECRET
      ? {
          issuer: e.MANDATE_OIDC_ISSUER.replace(/\/+$/, ""),
          clientId: e.MANDATE_OIDC_CLIENT_ID,
          clientSecret: e.MANDATE_OIDC_CLIENT_SECRET,
          name: e.MANDATE_OIDC_NAME ?? "Single sign-on",
        }
      : undefined;
  return {
    nodeEnv: e.NODE_ENV,
    databaseUrl,
    databaseProvider: databaseUrl.startsWith("file:") ? ("sqlite" as const) : ("postgresql" as const),
    secret: e.MANDATE_SECRET,
    baseUrl,
    port: e.PORT,
    serve: e.MANDATE_SERVE,
    databasePoolSize: e.MANDATE_DB_POOL_SIZE,
    bootstrapAdmin:
      e.MANDATE_ADMIN_EMAIL && e.MANDATE_ADMIN_PASSWORD
        ? { email: e.MANDATE_ADMIN_EMAIL, password: e.MANDATE_ADMIN_PASSWORD, name: e.MANDATE_ADMIN_NAME ?? "Administrator" }
        : undefined,
    oidc,
    sessionMaxAgeSeconds: e.MANDATE_SESSION_MAX_AGE_SECONDS,
    signIn: { maxFailures: e.MANDATE_SIGNIN_MAX_FAILURES, windowSeconds: e.MANDATE_SIGNIN_WINDOW_SECONDS },
    accessTokenMaxFailuresPerAddress: e.MANDATE_TOKEN_MAX_FAILURES_PER_ADDRESS,
    trustedProxyHops: e.MANDATE_TRUSTED_PROXY_HOPS,
    bcryptCost: e.MANDATE_BCRYPT_COST,
    logLevel: e.MANDATE_LOG_LEVEL,
    metricsToken: e.MANDATE_METRICS_TOKEN,
    evidence: {
      encodeWorkers: e.MANDATE_EXPORT_ENCODE_WORKERS,
      exportDir: path.isAbsolute(e.MANDATE_EXPORT_DIR) ? e.MANDATE_EXPORT_DIR : path.resolve(/* turbopackIgnore: true */ process.cwd(), e.MANDATE_EXPORT_DIR),
      keepHours: e.MANDATE_EXPORT_KEEP_HOURS,
    },
    accessReviews: { reminderHours: e.MANDATE_ACCESS_REVIEW_REMINDER_HOURS },
    testClockFile: e.MANDATE_TEST_CLOCK_FILE
      ? path.isAbsolute(e.MANDATE_TEST_CLOCK_FILE) ? e.MANDATE_TEST_CLOCK_FILE : path.resolve(/* turbopackIgnore: true */ process.cwd(), e.MANDATE_TEST_CLOCK_FILE)
      : undefined,
    posture: {
      intervalSeconds: e.MANDATE_POSTURE_INTERVAL_SECONDS,
      thresholds: {
        dormantDays: e.MANDATE_POSTURE_DORMANT_DAYS,
        usageDays: e.MANDATE_POSTURE_USAGE_DAYS,
        acknowledgementGraceHours: e.MANDATE_POSTURE_ACK_GRACE_HOURS,
        riskWindowDays: e.MANDATE_POSTURE_RISK_WINDOW_DAYS,
        denialThreshold: e.MANDATE_POSTURE_DENIAL_THRESHOLD,
        maxCredentialTtlSeconds: e.MANDATE_POSTURE_MAX_TTL_SECONDS,
        keyRotationDays: e.MANDATE_POSTURE_KEY_ROTATION_DAYS,
        dpopTiers: [...new Set(e.MANDATE_POSTURE_DPOP_TIERS)],
      },
    },
    broker: {
      issuer: baseUrl,
      tokenEndpoint: `${baseUrl}/api/oauth/token`,
      introspectionEndpoint: `${baseUrl}/api/oauth/introspect`,
      revocationEndpoint: `${baseUrl}/api/oauth/revoke`,
      policyMaxTtlSeconds: e.MANDATE_POLICY_MAX_TTL_SECONDS,
      stepUpTtlSeconds: e.MANDATE_STEP_UP_TTL_SECONDS,
      stepUpPollIntervalSeconds: e.MANDATE_STEP_UP_POLL_INTERVAL_SECONDS,
      rateLimitPerMinute: e.MANDATE_RATE_LIMIT_PER_MINUTE,
      rateSuspendPerMinute: Math.max(e.MANDATE_RATE_SUSPEND_PER_MINUTE, e.MANDATE_RATE_LIMIT_PER_MINUTE + 1),
      assertionMaxLifetimeSeconds: e.MANDATE_ASSERTION_MAX_LIFETIME_SECONDS,
      leakReportEndpoint: `${baseUrl}/api/oauth/revoke-leaked`,
      leakReportsPerAddress: e.MANDATE_LEAK_REPORTS_PER_ADDRESS,
      signalsEndpoint: `${baseUrl}/api/v1/signals`,
    },
    revocationStream: {
      endpoint: `${baseUrl}/api/v1/revocations/stream`,
      pollMs: Math.round(e.MANDATE_REVOCATION_POLL_SECONDS * 1000),
      heartbeatMs: Math.round(e.MANDATE_REVOCATION_HEARTBEAT_SECONDS * 1000),
      maxSeconds: e.MANDATE_REVOCATION_STREAM_MAX_SECONDS,
      perResource: e.MANDATE_REVOCATION_STREAMS_PER_RESOURCE,
    },
    federation: {
      jwksTtlSeconds: e.MANDATE_FEDERATION_JWKS_TTL_SECONDS,
      jwksCooldownSeconds: e.MANDATE_FEDERATION_JWKS_COOLDOWN_SECONDS,
      fetchTimeoutMs: e.MANDATE_FEDERATION_FETCH_TIMEOUT_MS,
    },
  };
}

export type Env = ReturnType<typeof parseEnv>;

let cached: Env | undefined;

/** Parsed once, on first use (so a build without runtime variables still works). */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/** Test hook: forget the parsed environment after a test changed process.env. */
export function resetEnvForTests() {
  cached = undefined;
}

/**
 * A purpose-bound key derived from MANDATE_SECRET (HKDF-SHA256). Fails closed:
 * without a secret nothing that needs one can work.
 */
export function deriveSecret(purpose: string, length = 32): Buffer {
  const secret = env().secret;
  if (!secret) throw new Error("MANDATE_SECRET is not set (npm start creates one under data/; set it explicitly in production)");
  return Buffer.from(crypto.hkdfSync("sha256", secret, "mandate", purpose, length));
}
