// Draws each page of a PDF with pdf.js into OUTDIR/p-NN.png: `node render.mjs PDF OUTDIR DPI`.
// pdf.js draws every glyph from the embedded font program itself (disableFontFace), as
// it does in a browser that cannot load the font, so the pages show what pdf.js read.
import fs from "node:fs";
import { createCanvas } from "@napi-rs/canvas";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const [pdfPath, outDir, dpi] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
const data = new Uint8Array(fs.readFileSync(pdfPath));
const pdf = await getDocument({ data, disableFontFace: true, useSystemFonts: false }).promise;
for (let number = 1; number <= pdf.numPages; number++) {
  const page = await pdf.getPage(number);
  const viewport = page.getViewport({ scale: Number(dpi) / 72 });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext("2d");
  context.fillStyle = "white";
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvasContext: context, viewport, canvas }).promise;
  const name = `p-${String(number).padStart(2, "0")}.png`;
  fs.writeFileSync(`${outDir}/${name}`, canvas.toBuffer("image/png"));
}
