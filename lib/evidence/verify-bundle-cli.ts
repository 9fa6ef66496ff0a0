// Command line of the bundle verifier. Exit codes scripts can rely on:
//   0  the bundle verifies
//   1  it does not (every problem is listed; the first bad row is named)
//   2  it could not be checked: bad arguments, unreadable file, not a bundle
import { verifyBundle, readKeyFile, UnreadableBundleError, type BundleVerification } from "./verify-bundle";

export const USAGE = `usage: mandate-verify [--key <file>] [--json] <bundle.zip>
       npm run verify-bundle -- [--key <file>] [--json] <bundle.zip>

Verifies a Mandate evidence bundle offline: the signature over its manifest,
the SHA-256 of every file, the signed checkpoint, the hash chain over the
exported rows and its boundary hashes, and that events.csv matches
events.ndjson. Names the first tampered, dropped or reordered row.

  --key <file>   trust only this audit public key (a JWK or a JWKS file, e.g.
                 saved from https://<mandate>/.well-known/mandate-audit-keys.json);
                 without it the key inside the bundle is used, which proves
                 integrity but not who made the bundle. --jwks is the same.
  --json         print the result as JSON
  -h, --help     this text

Exit codes: 0 verified, 1 verification failed, 2 could not verify (usage, unreadable file).`;

export async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  if (args.includes("-h") || args.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  let keyFile: string | undefined;
  let asJson = false;
  const files: string[] = [];
  while (args.length) {
    const a = args.shift()!;
    if (a === "--key" || a === "--jwks") {
      keyFile = args.shift();
      if (!keyFile) return usage(`${a} needs a file`);
    } else if (a === "--json") asJson = true;
    else if (a.startsWith("-")) return usage(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) return usage("name exactly one bundle file");
  let pinnedKeys;
  if (keyFile) {
    try {
      pinnedKeys = readKeyFile(keyFile);
    } catch (e) {
      console.error(`mandate-verify: cannot use the key file ${keyFile}: ${(e as Error).message}`);
      return 2;
    }
  }
  let r: BundleVerification;
  try {
    r = await verifyBundle(files[0], { pinnedKeys });
  } catch (e) {
    console.error(`mandate-verify: ${e instanceof UnreadableBundleError ? "" : "could not verify: "}${(e as Error).message}`);
    return 2;
  }
  if (asJson) console.log(JSON.stringify({ ok: r.ok, problems: r.problems, firstBadRow: r.firstBadRow, rowsChecked: r.rowsChecked, rowsRehashed: r.rowsRehashed, keySource: r.keySource, bundleId: r.manifest?.bundleId ?? null }, null, 2));
  else print(r);
  return r.ok ? 0 : 1;
}

function usage(message: string): number {
  console.error(`mandate-verify: ${message}\n\n${USAGE}`);
  return 2;
}

function print(r: BundleVerification) {
  const m = r.manifest;
  if (m) {
    console.log(`bundle ${m.bundleId}: period ${m.period.from} — ${m.period.to}, exported by ${m.createdBy.label} at ${m.createdAt}`);
    if (m.chain.firstSeq !== null) console.log(`chain segment: events ${m.chain.firstSeq}–${m.chain.lastSeq} (${m.chain.eventsExported} of ${m.chain.eventsInSegment} exported)`);
  }
  if (r.ok) {
    console.log(`OK: signature (${r.keySource === "pinned" ? "pinned key" : "key inside the bundle — pin the installation's key with --key to know who signed it"}), file hashes, checkpoint, ${r.rowsChecked} rows (${r.rowsRehashed} re-hashed, ${r.rowsChecked - r.rowsRehashed} redacted rows vouched for by segment.csv) and events.csv verified`);
    return;
  }
  console.log(`FAILED: ${r.problems.length} problem(s)`);
  if (r.firstBadRow) console.log(`first bad row: ${r.firstBadRow.message}`);
  for (const p of r.problems) console.log(`  [${p.check}] ${p.message}`);
}
