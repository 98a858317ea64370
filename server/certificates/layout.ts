import { drawQr } from '../printing/qr';
import { A4, createDocument, mm, toBuffer } from '../printing/document';

/**
 * The certificate layout (职业技能等级证书), pure: the printed fields in, a one-page A4 PDF out.
 * `drawCertificate` draws one page onto a document so that a batch is one document whose
 * subset font is shared by every page.
 */
export interface CertificatePrint {
  number: string;
  name: string;
  idTypeName: string;
  idNumber: string;
  occupationName: string;
  /** 工种/职业方向; `--` when none (never blank). */
  direction: string;
  /** `三级/高级工` */
  levelLabel: string;
  organisationName: string;
  /** `2026年12月01日` */
  issueDate: string;
  verifyUrl: string;
  /** The site's public verification page, printed for those who type. */
  verifyPage: string;
  /** A 1-inch photo, JPEG or PNG. */
  photo?: Buffer | undefined;
  /** Chinese/English layout: English labels and title under the Chinese ones. */
  bilingual?: { levelLabel: string; issueDate: string; idTypeName: string } | undefined;
}

const INK = '#1a1a1a';
const RED = '#9b1c1c';
const GOLD = '#a67c2e';

function frame(doc: PDFKit.PDFDocument): void {
  const inset = mm(10);
  doc.save();
  doc.lineWidth(3).strokeColor(GOLD).rect(inset, inset, A4.width - 2 * inset, A4.height - 2 * inset).stroke();
  doc.lineWidth(0.8).rect(inset + 6, inset + 6, A4.width - 2 * inset - 12, A4.height - 2 * inset - 12).stroke();
  doc.restore();
}

const LABELS: Array<{ key: keyof CertificatePrint; zh: string; en: string }> = [
  { key: 'name', zh: '姓名', en: 'Name' },
  { key: 'idTypeName', zh: '证件类型', en: 'ID type' },
  { key: 'idNumber', zh: '证件号码', en: 'ID number' },
  { key: 'occupationName', zh: '职业名称', en: 'Occupation' },
  { key: 'direction', zh: '工种/职业方向', en: 'Trade / specialty' },
  { key: 'levelLabel', zh: '职业技能等级', en: 'Skill level' },
  { key: 'number', zh: '证书编号', en: 'Certificate No.' },
];

export function drawCertificate(doc: PDFKit.PDFDocument, cert: CertificatePrint): void {
  const left = mm(28);
  const width = A4.width - 2 * left;
  frame(doc);
  doc.fillColor(RED).font('bold').fontSize(34).text('职业技能等级证书', left, mm(38), { width, align: 'center', characterSpacing: 6 });
  if (cert.bilingual) doc.fillColor(RED).font('regular').fontSize(13).text('Vocational Skill Level Certificate', left, doc.y + 2, { width, align: 'center' });

  doc.fillColor(INK).font('regular').fontSize(13);
  const bodyTop = mm(cert.bilingual ? 72 : 66);
  doc.text(`兹证明 ${cert.name} 经职业技能等级认定考核合格，职业技能等级为 ${cert.levelLabel}，特发此证。`, left, bodyTop, { width, lineGap: 6, align: 'justify' });
  if (cert.bilingual) {
    doc.fontSize(10).fillColor('#444444').text(`This is to certify that ${cert.name} has passed the vocational skill level appraisal at ${cert.bilingual.levelLabel}.`, left, doc.y + 4, { width, lineGap: 2 });
  }

  const photoW = mm(25);
  const photoH = mm(35);
  const fieldsTop = Math.max(doc.y + mm(10), mm(100));
  const photoX = left + width - photoW;
  doc.save().lineWidth(0.6).strokeColor('#888888').rect(photoX, fieldsTop, photoW, photoH).stroke().restore();
  if (cert.photo) doc.image(cert.photo, photoX, fieldsTop, { fit: [photoW, photoH], align: 'center', valign: 'center' });
  else doc.fillColor('#999999').fontSize(9).text('照片', photoX, fieldsTop + photoH / 2 - 6, { width: photoW, align: 'center' });

  const labelW = mm(38);
  const valueX = left + labelW + mm(3);
  const valueW = photoX - valueX - mm(4);
  let y = fieldsTop;
  for (const field of LABELS) {
    const english = cert.bilingual ? ` ${field.en}` : '';
    const value = field.key === 'levelLabel' && cert.bilingual ? `${cert.levelLabel}（${cert.bilingual.levelLabel}）` : field.key === 'idTypeName' && cert.bilingual ? `${cert.idTypeName}（${cert.bilingual.idTypeName}）` : String(cert[field.key]);
    const wide = field.key === 'number' || field.key === 'idNumber' ? width - labelW - mm(3) : valueW;
    const rowWidth = y > fieldsTop + photoH ? width - labelW - mm(3) : wide;
    doc.fillColor('#555555').font('regular').fontSize(11).text(field.zh, left, y, { width: labelW, continued: false });
    if (english) doc.fillColor('#888888').fontSize(7.5).text(english.trim(), left, doc.y, { width: labelW });
    doc.fillColor(INK).font('bold').fontSize(13).text(value, valueX, y - 1, { width: Math.min(rowWidth, valueW), lineGap: 2 });
    y = Math.max(doc.y, y + (english ? 24 : 20)) + mm(3.2);
  }

  const bottom = A4.height - mm(78);
  drawQr(doc, cert.verifyUrl, left, bottom, mm(32));
  doc.fillColor('#555555').font('regular').fontSize(8).text(cert.bilingual ? '扫码查验 Scan to verify' : '扫码查验', left, bottom + mm(33), { width: mm(32), align: 'center' });

  const sealX = left + width - mm(80);
  doc.fillColor(INK).font('regular').fontSize(11);
  doc.text(cert.bilingual ? '评价机构 Issued by' : '评价机构（盖章）', sealX, bottom + mm(2), { width: mm(80) });
  doc.font('bold').fontSize(12).text(cert.organisationName, sealX, doc.y + 4, { width: mm(80) });
  doc.font('regular').fontSize(11).text(cert.bilingual ? `发证日期 Date of issue` : '发证日期', sealX, doc.y + 10, { width: mm(80) });
  doc.font('bold').fontSize(12).text(cert.bilingual ? `${cert.issueDate}（${cert.bilingual.issueDate}）` : cert.issueDate, sealX, doc.y + 4, { width: mm(80) });
  doc.save().lineWidth(1.2).strokeColor(RED).strokeOpacity(0.5).circle(sealX + mm(58), bottom + mm(14), mm(15)).stroke().restore();

  doc.fillColor('#666666').font('regular').fontSize(8).text(
    `本证书可在 ${cert.verifyPage} 凭证书编号与姓名查验，或在技能人才评价工作网（www.osta.org.cn）全国联网查询。谁发证、谁负责。`,
    left,
    A4.height - mm(30),
    { width, align: 'center', lineGap: 2 },
  );
}

/** One certificate as a one-page PDF. */
export function renderCertificate(cert: CertificatePrint): Promise<Buffer> {
  const doc = createDocument({ title: `职业技能等级证书 ${cert.number}`, margins: { top: 0, bottom: 0, left: 0, right: 0 } });
  drawCertificate(doc, cert);
  return toBuffer(doc);
}

/** Many certificates as one document, a page each, written to the returned stream as they are drawn. */
export function streamCertificates(certs: Iterable<CertificatePrint> | AsyncIterable<CertificatePrint>, title: string): PDFKit.PDFDocument {
  const doc = createDocument({ title, margins: { top: 0, bottom: 0, left: 0, right: 0 } });
  void (async () => {
    let first = true;
    try {
      for await (const cert of certs) {
        if (!first) doc.addPage({ size: 'A4', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
        first = false;
        drawCertificate(doc, cert);
        // Let the stream flush between pages instead of holding the whole batch.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      doc.end();
    }
  })();
  return doc;
}

/** Several certificates as one PDF, a page each (one chunk of a batch, rendered by a pool worker). */
export function renderCertificateChunk(certs: readonly CertificatePrint[], title: string): Promise<Buffer> {
  const doc = createDocument({ title, margins: { top: 0, bottom: 0, left: 0, right: 0 } });
  certs.forEach((cert, i) => {
    if (i > 0) doc.addPage({ size: 'A4', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    drawCertificate(doc, cert);
  });
  return toBuffer(doc);
}
