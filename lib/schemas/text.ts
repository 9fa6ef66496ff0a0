// Text that people type: NFC-normalised, trimmed, and free of control and
// invisible formatting characters (bidi overrides, zero-width joiners…) that
// make two different names look the same.
import { z } from "zod";

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export function ZText(opts: { min?: number; max: number; multiline?: boolean }) {
  return z
    .string({ error: "must be a string" })
    .transform((s) => s.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .min(opts.min ?? 0, opts.min === 1 ? "is required" : `must be at least ${opts.min} characters`)
        .max(opts.max, `must be at most ${opts.max} characters`)
        .refine(
          (s) => !INVISIBLE.test(opts.multiline ? s.replace(/[\n\t]/g, "") : s),
          "contains control or invisible formatting characters",
        ),
    );
}

export const ZEmail = z
  .string({ error: "must be a string" })
  .transform((s) => s.normalize("NFC").trim().toLowerCase())
  .pipe(z.email("must be an email address").max(254, "must be at most 254 characters"));

export const ZPassword = z
  .string({ error: "must be a string" })
  .min(12, "must be at least 12 characters")
  .max(200, "must be at most 200 characters");

export const ZId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "is not a valid id");
