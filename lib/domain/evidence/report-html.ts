// report.html: a self-contained page (no scripts, no external resources). Pure.
import { reportSections, VERIFY_TEXT, type ReportModel } from "./report-model";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function renderReportHtml(m: ReportModel): string {
  const sections = reportSections(m)
    .map((s) => `<section><h2>${esc(s.title)}</h2><table>${s.rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join("")}</table></section>`)
    .join("\n");
  const controls = m.controls
    .map(
      (c) => `<article><h3>${esc(c.title)}</h3>
<p class="evidence">Evidence in this bundle: ${c.evidence.map((e) => `<code>${esc(e.type)}</code> ${e.count}`).join(" · ")}</p>
<ul>${c.maps.map((fw) => `<li><strong>${esc(fw.framework)}</strong>: ${fw.items.map((i) => `${esc(i.id)} ${esc(i.name)}`).join("; ")}</li>`).join("")}</ul></article>`,
    )
    .join("\n");
  const coverage = m.coverage
    .map(
      (fw) => `<h3>${esc(fw.name)}</h3><table><thead><tr><th>Item</th><th>Mandate controls</th></tr></thead><tbody>${fw.items
        .map((i) => `<tr><th scope="row">${esc(i.id)} ${esc(i.name)}</th><td>${i.controls.length ? i.controls.map(esc).join(", ") : `<em>not covered: ${esc(i.notCovered ?? "no Mandate control maps here")}</em>`}</td></tr>`)
        .join("")}</tbody></table>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mandate evidence report ${esc(m.manifest.bundleId)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.5 system-ui,sans-serif;color:#18181b;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #e4e4e7}h3{font-size:1rem;margin-bottom:.25rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.2rem .5rem;border-bottom:1px solid #f4f4f5}
th{font-weight:500;width:40%}code{font-size:.85em;background:#f4f4f5;padding:0 .2rem;border-radius:3px}td{word-break:break-all}
.evidence{color:#52525b;margin:.25rem 0}article{margin-bottom:1rem}
</style></head>
<body>
<h1>Mandate evidence report</h1>
<p>Bundle <code>${esc(m.manifest.bundleId)}</code> — ${esc(m.manifest.period.from)} to ${esc(m.manifest.period.to)}</p>
${sections}
<section><h2>Control mapping</h2>
<p>How the evidence in this bundle supports controls, mapped to OWASP Non-Human Identities Top 10 (2025), OWASP Top 10 for Agentic Applications (2026), the NIST AI RMF functions and CSA MAESTRO layers (mapping data: control-mapping.json).</p>
${controls}
<h2>Coverage by framework</h2>
${coverage}
</section>
<section><h2>How to verify this bundle</h2>${VERIFY_TEXT.map((p) => `<p>${esc(p)}</p>`).join("")}</section>
</body></html>
`;
}
