// /api/metrics is read by a scraper, not a person: it presents the bearer
// token configured in MANDATE_METRICS_TOKEN. Without that variable the metrics
// stay off (404), so nothing about the installation leaks by default.
import crypto from "node:crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

function digest(s: string): Buffer {
  return crypto.createHash("sha256").update(s, "utf8").digest();
}

/** Throws unless the request carries the configured metrics token (compared in constant time). */
export function assertMetricsScraper(req: Request): void {
  const expected = env().metricsToken;
  if (!expected) throw new AppError("not_found", "metrics are turned off: set MANDATE_METRICS_TOKEN to a random value of at least 32 characters and scrape with it as a bearer token");
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header);
  if (!match) throw new AppError("unauthenticated", "send the metrics token as 'Authorization: Bearer <MANDATE_METRICS_TOKEN>'");
  // Hashing first makes the comparison constant-time whatever the lengths.
  if (!crypto.timingSafeEqual(digest(match[1]), digest(expected))) throw new AppError("unauthenticated", "the metrics token is not the configured one");
}
