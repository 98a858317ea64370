import { expect } from 'chai';
import { parseGift, looksLikeGift } from '../../../../server/bank/interchange/foreign/gift';
import { parseMoodleXml } from '../../../../server/bank/interchange/foreign/moodle';
import { parseQtiItem, qtiItemXml } from '../../../../server/bank/interchange/foreign/qti';
import { refuseDoctype, XmlRefusedError } from '../../../../server/bank/interchange/foreign/xml-safety';
import { ItemContentSchema, type ItemContent } from '../../../../server/bank/item-schema';
import { GIFT_TEXT, MOODLE_XML, QTI21_ITEM, QTI22_TEXT_ENTRY, XXE_XML, BILLION_LAUGHS_XML } from '../../../support/foreign-samples';
import { singleItem } from '../../../support/fixtures';

describe('exchange formats (pure): GIFT, Moodle XML, QTI', () => {
  it('GIFT: kinds, categories, escapes, general feedback; numeric questions skipped', () => {
    expect(looksLikeGift(GIFT_TEXT)).to.equal(true);
    expect(looksLikeGift('一、单项选择题\n1. 电压的单位是（ C ）。')).to.equal(false);
    const { records, skipped } = parseGift(GIFT_TEXT);
    expect(records.map((r) => [r.texts.type, r.texts.answer, r.texts.pointCode])).to.deep.equal([
      ['单选', 'A', 'B002'],
      ['多选', 'A,C', 'B002'],
      ['判断', '对', 'B001'],
      ['简答', '欧姆', 'B001'],
    ]);
    expect(records[0]!.texts.explanation).to.equal('电压的单位为伏特: V');
    expect(records[0]!.category).to.equal('$course$/电工/B002');
    expect(skipped.map((s) => s.code)).to.deep.equal(['gift.unsupported-type']);
  });

  it('Moodle XML: fractions give the answers, shuffleanswers=0 keeps the order, entities decode', () => {
    const { records, skipped } = parseMoodleXml(MOODLE_XML);
    expect(records.map((r) => r.texts.type)).to.deep.equal(['单选', '多选', '判断', '简答', '简答']);
    expect(records[0]!.texts).to.include({ answer: 'B', C: '欧姆 <Ω>', pointCode: 'B002' });
    expect(records[1]!.texts).to.include({ answer: 'A,C', keepOptionOrder: '是', tags: '导体' });
    expect(records[1]!.texts.pointCode).to.equal(undefined);
    expect(skipped).to.have.length(1);
  });

  it('XML with a DOCTYPE is refused before parsing (XXE, billion laughs)', () => {
    for (const xml of [XXE_XML, BILLION_LAUGHS_XML]) expect(() => refuseDoctype(xml)).to.throw(XmlRefusedError);
    expect(() => parseMoodleXml(XXE_XML)).to.throw(XmlRefusedError);
    expect(() => parseQtiItem(BILLION_LAUGHS_XML.replace('quiz', 'assessmentItem'), 1, 'x')).to.throw(XmlRefusedError);
  });

  it('QTI 2.1 and 2.2: choices by identifier, text entry as a short answer', () => {
    const single = parseQtiItem(QTI21_ITEM, 1, 'item.xml').record!;
    expect(single.texts).to.include({ type: '单选', answer: 'B', A: '安培', B: '伏特' });
    expect(single.texts.code).to.equal(undefined);
    const text = parseQtiItem(QTI22_TEXT_ENTRY, 1, 'item.xml').record!;
    expect(text.texts).to.include({ type: '简答', answer: '欧姆' });
    expect(text.texts.stem).to.contain('（　）');
    expect(parseQtiItem('<assessmentItem><itemBody><p>x</p><orderInteraction/></itemBody></assessmentItem>', 1, 'o.xml').skipped!.code).to.equal('qti.unsupported-interaction');
  });

  it('QTI 3.0 export reads back into the same template columns', () => {
    const content = ItemContentSchema.parse(singleItem()) as ItemContent;
    const xml = qtiItemXml('B002-001', content)!;
    expect(xml).to.contain('<qti-choice-interaction').and.contain('match_correct');
    const back = parseQtiItem(xml, 1, 'items/B002-001.xml').record!;
    expect(back.texts).to.include({ type: '单选', answer: 'A', code: 'B002-001', pointCode: 'B002', difficulty: '3', levels: '5,4,3' });
    expect(back.texts.A).to.equal('<p>0.45 A</p>');
  });
});
