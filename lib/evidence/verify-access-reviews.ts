// The offline verifier's check of access-reviews.ndjson (its bytes are
// already covered by the manifest's hash and signature): every line is a
// campaign or task record, each campaign's figures are what its tasks say,
// the manifest's counts are the file's, and — for unfiltered bundles — each
// campaign's figures equal those of its access_review.closed event in
// events.ndjson, so a reviewer cannot be made to disappear from either alone.
import readline from "node:readline";
import type { BundleManifest } from "@/lib/domain/evidence/bundle-format";
import { FILES } from "@/lib/domain/evidence/bundle-format";
import { ACCESS_REVIEWS_FILE, checkReviewLines, closedEventMatches } from "@/lib/domain/evidence/access-reviews-format";
import type { BundleZip } from "./zip-reader";
import type { Problem } from "./verify-bundle";

async function readLines(zip: BundleZip, name: string): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readline.createInterface({ input: await zip.open(name), crlfDelay: Infinity })) if (line !== "") out.push(line);
  return out;
}

export async function verifyAccessReviews(zip: BundleZip, m: BundleManifest, problems: Problem[]): Promise<void> {
  const declared = m.accessReviews;
  if (!declared) return; // a bundle from before access reviews
  const file = ACCESS_REVIEWS_FILE;
  const fail = (message: string, line?: number) => problems.push({ check: "access-reviews", file, message, ...(line ? { line } : {}) });
  if (declared.file !== file || !m.files.some((f) => f.name === file) || !zip.names.includes(file)) {
    fail(`the manifest announces ${file} but it is not a listed file of the bundle`);
    return;
  }
  const lines = await readLines(zip, file);
  const { problems: found, campaigns } = checkReviewLines(lines);
  for (const p of found) fail(`line ${p.line}: ${p.message}`, p.line);
  const tasks = lines.length - campaigns.size;
  if (campaigns.size !== declared.campaigns || tasks !== declared.tasks) {
    fail(`the manifest says ${declared.campaigns} campaigns and ${declared.tasks} tasks; the file holds ${campaigns.size} and ${tasks}`);
  }
  const filtered = m.filters.agentIds.length > 0 || m.filters.ownerIds.length > 0;
  if (filtered || campaigns.size === 0 || !zip.names.includes(FILES.events)) return;
  for await (const text of readline.createInterface({ input: await zip.open(FILES.events), crlfDelay: Infinity })) {
    if (!text.includes('"access_review.closed"')) continue;
    let e: { type?: string; targetId?: string; data?: Record<string, unknown> };
    try {
      e = JSON.parse(text);
    } catch {
      continue; // the row checks name a broken line
    }
    const c = e.type === "access_review.closed" && e.targetId ? campaigns.get(e.targetId) : undefined;
    if (c && e.data && !closedEventMatches(e.data, c.progress)) {
      fail(`line ${c.line}: campaign ${e.targetId}'s figures differ from its access_review.closed event in the audit chain`, c.line);
    }
  }
}
