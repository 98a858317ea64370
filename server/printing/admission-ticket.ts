import { A4, createDocument, mm, printedTime, stampPages, toBuffer, type PrintTrace } from './document';

/** What an admission ticket (准考证) shows; the sessions capability fills it from a registration. */
export interface AdmissionTicket {
  examTitle: string;
  occupationName: string;
  /** `三级/高级工` */
  levelLabel: string;
  candidateName: string;
  /** Masked, e.g. `440***********0018`. */
  idNumberMasked: string;
  admissionNumber: string;
  room: string;
  seat: string;
  startsAt: Date;
  endsAt: Date;
  notes: string[];
  /** A 1-inch photo, JPEG or PNG. */
  photo?: Buffer | undefined;
}

const TICKET_HEIGHT = (A4.height - mm(30)) / 2;

function drawTicket(doc: PDFKit.PDFDocument, ticket: AdmissionTicket, top: number): void {
  const left = mm(18);
  const width = A4.width - 2 * left;
  doc.save().lineWidth(1).strokeColor('#000000').rect(left, top, width, TICKET_HEIGHT - mm(6)).stroke().restore();
  doc.font('bold').fontSize(16).fillColor('#000000').text(ticket.examTitle, left, top + mm(6), { width, align: 'center' });
  doc.fontSize(20).text('准　考　证', left, doc.y + 4, { width, align: 'center', characterSpacing: 2 });
  const photoW = mm(25);
  const photoH = mm(35);
  const photoX = left + width - photoW - mm(8);
  const rowsTop = doc.y + mm(5);
  doc.save().lineWidth(0.6).strokeColor('#888888').rect(photoX, rowsTop, photoW, photoH).stroke().restore();
  if (ticket.photo) doc.image(ticket.photo, photoX, rowsTop, { fit: [photoW, photoH], align: 'center', valign: 'center' });
  else doc.font('regular').fontSize(9).fillColor('#999999').text('照片', photoX, rowsTop + photoH / 2 - 6, { width: photoW, align: 'center' });
  const rows: Array<[string, string]> = [
    ['准考证号', ticket.admissionNumber],
    ['姓　　名', ticket.candidateName],
    ['证件号码', ticket.idNumberMasked],
    ['职业（工种）', ticket.occupationName],
    ['等　　级', ticket.levelLabel],
    ['考　　场', ticket.room],
    ['座 位 号', ticket.seat],
    ['考试时间', `${printedTime(ticket.startsAt)} — ${printedTime(ticket.endsAt).slice(11)}`],
  ];
  let y = rowsTop;
  for (const [label, value] of rows) {
    doc.font('regular').fontSize(10.5).fillColor('#555555').text(label, left + mm(8), y, { width: mm(28), lineBreak: false });
    doc.font('bold').fontSize(12).fillColor('#000000').text(value, left + mm(38), y - 1, { width: photoX - left - mm(42), lineBreak: false });
    y += 19;
  }
  doc.font('bold').fontSize(10).fillColor('#000000').text('考生须知', left + mm(8), y + 6, { width: width - mm(16) });
  doc.font('regular').fontSize(9);
  ticket.notes.forEach((note, i) => doc.text(`${i + 1}. ${note}`, left + mm(8), doc.y + 1, { width: width - mm(16), lineGap: 1 }));
}

/** Admission tickets, two to an A4 page, each page with the print trace. */
export function renderAdmissionTickets(tickets: readonly AdmissionTicket[], trace: PrintTrace): Promise<Buffer> {
  const doc = createDocument({ title: '准考证', bufferPages: true, margins: { top: mm(12), bottom: mm(16), left: mm(18), right: mm(18) } });
  tickets.forEach((ticket, i) => {
    if (i > 0 && i % 2 === 0) doc.addPage();
    drawTicket(doc, ticket, mm(12) + (i % 2) * TICKET_HEIGHT);
  });
  stampPages(doc, trace);
  return toBuffer(doc);
}
