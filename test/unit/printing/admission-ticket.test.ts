import { expect } from 'chai';
import { renderAdmissionTickets, type AdmissionTicket } from '../../../server/printing/admission-ticket';
import { pdfPageCount, pdfText } from '../../support/pdf';

const ticket = (n: number): AdmissionTicket => ({
  examTitle: '2026年第四季度职业技能等级认定',
  occupationName: '电工',
  levelLabel: '三级/高级工',
  candidateName: `考生${n}`,
  idNumberMasked: '440***********0018',
  admissionNumber: `2026120100${String(n).padStart(2, '0')}`,
  room: '第3考场',
  seat: String(n),
  startsAt: new Date('2026-12-05T01:00:00Z'),
  endsAt: new Date('2026-12-05T03:00:00Z'),
  notes: ['考生凭准考证和身份证件入场，开考前15分钟可进入考场。', '开考15分钟后不得入场。'],
});

describe('admission tickets (准考证)', function () {
  this.timeout(30_000);
  it('prints two tickets to a page with every field, in China time, and the trace footer', async () => {
    const pdf = await renderAdmissionTickets([1, 2, 3].map(ticket), { centreCode: 'C0001', operator: '王老师', printedAt: new Date('2026-12-01T02:00:00Z') });
    expect(pdfPageCount(pdf)).to.equal(2);
    const text = pdfText(pdf).replace(/\s+/g, '');
    for (const n of [1, 2, 3]) expect(text).to.include(`考生${n}`).and.include(`2026120100${String(n).padStart(2, '0')}`);
    expect(text).to.include('准考证').and.include('第3考场').and.include('440***********0018').and.include('2026-12-0509:00—11:00').and.include('开考前15分钟');
    expect(text).to.include('打印人王老师').and.include('第1页/共2页');
  });
});
