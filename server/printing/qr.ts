import QRCode from 'qrcode';

/** A QR code's dark modules as a square boolean matrix (row-major). */
export interface QrMatrix {
  size: number;
  dark: (row: number, col: number) => boolean;
}

export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: (row, col) => modules.get(row, col) === 1 };
}

/** One filled rectangle per horizontal run of dark modules, in module units. */
export function qrRuns(matrix: QrMatrix): Array<{ row: number; col: number; length: number }> {
  const runs: Array<{ row: number; col: number; length: number }> = [];
  for (let row = 0; row < matrix.size; row++) {
    let col = 0;
    while (col < matrix.size) {
      if (!matrix.dark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < matrix.size && matrix.dark(row, col)) col++;
      runs.push({ row, col: start, length: col - start });
    }
  }
  return runs;
}

/** Draws the code as vector rectangles, `size` points wide, with a 4-module quiet zone inside it. */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const matrix = qrMatrix(text);
  const module = size / (matrix.size + 8);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  for (const run of qrRuns(matrix)) {
    // A hair of overlap downwards so that rasterisers leave no seam between rows.
    doc.rect(x + (run.col + 4) * module, y + (run.row + 4) * module, run.length * module, module * 1.04);
  }
  doc.fill('#000000');
  doc.restore();
}
