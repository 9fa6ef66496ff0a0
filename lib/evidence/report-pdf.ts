// report.pdf with pdfkit (built-in Helvetica: no font files to ship). The PDF
// carries a fixed creation date (the bundle's), so the same report renders the
// same bytes.
import PDFDocument from "pdfkit";
import { reportSections, VERIFY_TEXT, type ReportModel } from "@/lib/domain/evidence/report-model";

// The standard PDF fonts cover Latin-1 only; anything else is shown as "?" rather than as broken glyphs.
const latin1 = (s: string) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, (c) => (c === "—" ? "-" : c === "·" ? "\xb7" : "?"));

export function renderReportPdf(m: ReportModel): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 50, info: { Title: `Mandate evidence report ${m.manifest.bundleId}`, Author: "Mandate", CreationDate: new Date(m.manifest.createdAt) } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = doc.page.width - 100;
  const heading = (text: string, size = 13) => {
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.moveDown(0.8).font("Helvetica-Bold").fontSize(size).fillColor("#18181b").text(latin1(text), { width });
    doc.moveDown(0.2);
  };
  const row = (label: string, value: string) => {
    if (doc.y > doc.page.height - 80) doc.addPage();
    const y = doc.y;
    doc.font("Helvetica-Bold").fontSize(9).fillColor("#3f3f46").text(latin1(label), 50, y, { width: width * 0.4 });
    const afterLabel = doc.y;
    doc.font("Helvetica").fontSize(9).fillColor("#18181b").text(latin1(value), 50 + width * 0.42, y, { width: width * 0.58 });
    doc.y = Math.max(afterLabel, doc.y) + 2;
    doc.x = 50;
  };
  const para = (text: string) => doc.font("Helvetica").fontSize(9).fillColor("#18181b").text(latin1(text), 50, doc.y, { width }).moveDown(0.4);

  doc.font("Helvetica-Bold").fontSize(20).text("Mandate evidence report");
  doc.font("Helvetica").fontSize(10).fillColor("#52525b").text(latin1(`Bundle ${m.manifest.bundleId} - ${m.manifest.period.from} to ${m.manifest.period.to}`));
  for (const s of reportSections(m)) {
    heading(s.title);
    for (const [k, v] of s.rows) row(k, v);
  }
  heading("Control mapping", 15);
  para("How the evidence in this bundle supports controls, mapped to OWASP Non-Human Identities Top 10 (2025), OWASP Top 10 for Agentic Applications (2026), the NIST AI RMF functions and CSA MAESTRO layers (mapping data: control-mapping.json).");
  for (const c of m.controls) {
    heading(c.title, 10);
    para(`Evidence in this bundle: ${c.evidence.map((e) => `${e.type} ${e.count}`).join(" \xb7 ")}`);
    for (const fw of c.maps) row(fw.framework, fw.items.map((i) => `${i.id} ${i.name}`).join("; "));
  }
  heading("Coverage by framework", 15);
  for (const fw of m.coverage) {
    heading(fw.name, 10);
    for (const i of fw.items) row(`${i.id} ${i.name}`, i.controls.length ? i.controls.join(", ") : `not covered: ${i.notCovered ?? "no Mandate control maps here"}`);
  }
  heading("How to verify this bundle");
  for (const p of VERIFY_TEXT) para(p);
  doc.end();
  return done;
}
