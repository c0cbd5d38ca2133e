// QR codes of registration links and guest cards: PNG and SVG from `qrcode`, and a print-ready
// A4 PDF (pdfkit) with the venue's name, a short invitation, the QR code drawn as vectors (sharp
// at any print size) and the address under it. PT Sans (@fontsource, Cyrillic and Latin
// subsets) is embedded so the Russian text prints on any machine.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

const require = createRequire(import.meta.url);
// Resolved when a PDF is made, not at start: the server runs even where the fonts are missing.
const fonts = () => ({
  latin: require.resolve('@fontsource/pt-sans/files/pt-sans-latin-400-normal.woff'),
  cyrillic: require.resolve('@fontsource/pt-sans/files/pt-sans-cyrillic-400-normal.woff'),
  latinBold: require.resolve('@fontsource/pt-sans/files/pt-sans-latin-700-normal.woff'),
  cyrillicBold: require.resolve('@fontsource/pt-sans/files/pt-sans-cyrillic-700-normal.woff'),
});

export type QrFormat = 'png' | 'svg' | 'pdf';

export const QR_CONTENT_TYPES: Record<QrFormat, string> = {
  png: 'image/png',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
};

export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
}

export function qrPng(text: string, width = 1024): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', margin: 2, width, errorCorrectionLevel: 'M' });
}

/** Splits text into runs that one subset font can draw: Cyrillic letters, and the rest. */
function runs(text: string): { text: string; cyrillic: boolean }[] {
  const out: { text: string; cyrillic: boolean }[] = [];
  for (const ch of text) {
    const cyrillic = /[\u0400-\u04FF\u2116]/.test(ch);
    const last = out[out.length - 1];
    if (last && last.cyrillic === cyrillic) last.text += ch;
    else out.push({ text: ch, cyrillic });
  }
  return out;
}

/** One centred line of mixed Cyrillic and Latin text at `y`. */
function centredLine(doc: PDFKit.PDFDocument, text: string, y: number, size: number, bold = false) {
  const font = (cyrillic: boolean) =>
    cyrillic ? (bold ? 'cyrillicBold' : 'cyrillic') : bold ? 'latinBold' : 'latin';
  const parts = runs(text);
  const width = parts.reduce(
    (w, p) => w + doc.font(font(p.cyrillic)).fontSize(size).widthOfString(p.text),
    0,
  );
  let x = (doc.page.width - width) / 2;
  for (const p of parts) {
    doc.font(font(p.cyrillic)).fontSize(size).text(p.text, x, y, { lineBreak: false });
    x += doc.widthOfString(p.text);
  }
}

/** Words of a long line grouped into lines of at most `max` characters. */
function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + word.length + 1 <= max)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

const MM = 72 / 25.4;

/** An A4 page to print: the venue, an invitation, a 120 mm QR code and the link. */
export async function qrPdf(url: string, venue: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, info: { Title: venue, Subject: url } });
  for (const [name, path] of Object.entries(fonts())) doc.registerFont(name, path);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  let y = 30 * MM;
  for (const line of wrap(venue, 32)) {
    centredLine(doc, line, y, 30, true);
    y += 13 * MM;
  }
  centredLine(doc, 'Карта гостя — в вашем телефоне', y + 4 * MM, 18);
  centredLine(doc, 'Наведите камеру на код, чтобы присоединиться', y + 13 * MM, 14);
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const side = 120 * MM;
  const cell = side / n;
  const left = (doc.page.width - side) / 2;
  const top = y + 25 * MM;
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.modules.get(r, c)) doc.rect(left + c * cell, top + r * cell, cell, cell);
  doc.fill('#000000');
  centredLine(doc, url, top + side + 10 * MM, 12);
  doc.end();
  return done;
}
