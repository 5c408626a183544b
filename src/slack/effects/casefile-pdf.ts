// The case file as PDF (issue 15), from its Markdown: headings, bullet lines and paragraphs, set in
// a CJK font (Japanese text needs one; pdfkit's standard fonts have no Japanese glyphs). The font
// path is configuration (caseFile.fontPath); a missing file fails with the path named.
import fs from "node:fs";

export class MissingFontError extends Error {}

/** Fonts in a collection (.ttc) are picked by PostScript name: the Japanese face of Noto Sans CJK. */
const COLLECTION_FACE = "NotoSansCJKjp-Regular";

export async function caseFilePdf(markdown: string, fontPath: string, title: string): Promise<Buffer> {
  if (!fs.existsSync(fontPath)) throw new MissingFontError(`font file not found: ${fontPath}`);
  // Loaded when a case file is asked for, not at start-up: pdfkit and its font data are ~20 MB of an idle process's memory.
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({ size: "A4", margin: 50, info: { Title: title, Creator: "renkei" } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  if (/\.ttc$/i.test(fontPath)) doc.registerFont("body", fontPath, COLLECTION_FACE);
  else doc.registerFont("body", fontPath);
  doc.font("body");
  for (const line of markdown.split("\n")) {
    if (line.startsWith("# ")) doc.fontSize(16).text(line.slice(2)).moveDown(0.5);
    else if (line.startsWith("## ")) doc.moveDown(0.5).fontSize(13).text(line.slice(3)).moveDown(0.2);
    else if (/^\s*- /.test(line)) {
      const indent = line.indexOf("- ");
      doc.fontSize(9.5).text(`・${line.slice(indent + 2)}`, { indent: 12 + indent * 6 });
    } else if (line.trim() === "") doc.moveDown(0.3);
    else doc.fontSize(9.5).text(line);
  }
  doc.end();
  return done;
}
