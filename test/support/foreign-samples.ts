import iconv from 'iconv-lite';
import { Document, Packer, Paragraph, Table, TableRow, TableCell, TextRun, HeadingLevel } from 'docx';
import { workbookBuffer } from '../unit/interchange/helpers';

/**
 * Realistic files from other systems, written here so that every format's test (and the
 * import benchmark) reads what such systems actually produce.
 */

/** Another system's Excel: two instruction rows, its own header names, columns out of order, options in one cell, 0/1 and √ answers. */
export function otherSystemWorkbook(): Promise<Buffer> {
  return workbookBuffer([
    {
      name: '题库',
      rows: [
        ['电工题库导出（某考试系统 V3.2）'],
        ['说明：请勿修改表头；答案列填写字母，判断题 1 表示正确'],
        ['试题内容', '题目类型', '正确答案', '选项', '答案解析', '所属知识点', '分数', '难易程度', '备注'],
        ['电压的单位是（　）。', '单项选择题', 'C', 'A.安培 B.瓦特 C.伏特 D.欧姆', '电压单位为伏特。', 'B002', 1, '易', ''],
        ['属于导体的有（　）。', '多项选择题', 'A、B、D', 'A.铜 B.铝 C.橡胶 D.铁', '', 'CB001', 2, '中等', ''],
        ['电流的单位是安培。', '判断题', '1', '', '', 'B001', 1, '易', ''],
        ['绝缘体容易导电。', '判断题', '0', '', '', 'B001', 1, '较易', '旧题'],
      ],
    },
  ]);
}

/** The layout with one row per option: rows sharing 题号 form one item, 是否正确 marks the answers. */
export function onePerOptionWorkbook(): Promise<Buffer> {
  return workbookBuffer([
    {
      name: '单选题',
      rows: [
        ['题号', '题干', '选项', '选项内容', '是否正确', '鉴定点'],
        [1, '万用表测量电阻前应（　）。', 'A', '调零', '是', 'B002'],
        [1, '', 'B', '通电', '否', ''],
        [1, '', 'C', '接地', '否', ''],
        [2, '兆欧表用于测量（　）。', 'A', '电流', '否', 'B002'],
        [2, '', 'B', '绝缘电阻', '是', ''],
        [2, '', 'C', '电压', '否', ''],
      ],
    },
  ]);
}

export const CSV_TEXT = [
  '题干,题型,选项A,选项B,选项C,选项D,答案,解析,鉴定点',
  '"电压的单位是（　），常用符号为""V""。",单选,安培,瓦特,伏特,欧姆,C,"伏特, 符号 V",B002',
  '"下列属于导体的有（　）。",多选,铜,铝,橡胶,铁,"A,B,D",,CB001',
  '电流的单位是安培。,判断,,,,,√,,B001',
].join('\r\n');

/** The same CSV as old Chinese software saves it: GB18030 (GBK), no byte-order mark. */
export function gbCsv(text = CSV_TEXT): Buffer {
  return iconv.encode(text, 'gb18030');
}

export const PAPER_TEXT = `电工（四级）理论知识试题
注意事项：本试卷共三大题。

一、单项选择题（第1题~第2题。选择一个正确的答案，将相应的字母填入题内的括号中。每题1分。）
1. 电压的单位是（ C ）。
A. 安培  B. 瓦特  C. 伏特  D. 欧姆
解析：电压的单位是伏特。
2、电流的单位是（　）。
（A）安培（B）伏特
（C）欧姆（D）瓦特
答案：A
二、多项选择题（每题2分）
3. 属于导体的有（ ABD ）。
A、铜
B、铝
C、橡胶
D、铁
三、判断题
4. 电流的单位是安培。（√）
5. 绝缘体容易导电。（×）
四、简答题
6. 简述安全用电的原则。
答案：不接触低压带电体，不靠近高压带电体。
`;

/** A Word paper in the common layout, with a table kept with its item. */
export async function paperDocx(): Promise<Buffer> {
  const lines = PAPER_TEXT.split('\n').filter((l) => l.trim() !== '');
  const children: Array<Paragraph | Table> = [];
  for (const line of lines) {
    if (/^[一二三四]、/.test(line)) children.push(new Paragraph({ text: line, heading: HeadingLevel.HEADING_2 }));
    else children.push(new Paragraph({ children: [new TextRun(line)] }));
    if (line.startsWith('6.')) {
      children.push(
        new Table({
          rows: [
            new TableRow({ children: [new TableCell({ children: [new Paragraph('电压')] }), new TableCell({ children: [new Paragraph('安全限值')] })] }),
            new TableRow({ children: [new TableCell({ children: [new Paragraph('交流')] }), new TableCell({ children: [new Paragraph('36 V')] })] }),
          ],
        }),
      );
    }
  }
  return Buffer.from(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

/** A Moodle XML export as Moodle 4 writes it: categories, the four types, and a matching question it cannot map. */
export const MOODLE_XML = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category"><category><text>$course$/top/电工/B002</text></category><info format="html"><text></text></info></question>
  <question type="multichoice">
    <name><text>电压单位</text></name>
    <questiontext format="html"><text><![CDATA[<p>电压的单位是（　）。</p>]]></text></questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>伏特 &amp; 符号 V</p>]]></text></generalfeedback>
    <defaultgrade>1.0000000</defaultgrade><penalty>0.3333333</penalty><hidden>0</hidden><idnumber></idnumber>
    <single>true</single><shuffleanswers>true</shuffleanswers><answernumbering>abc</answernumbering>
    <answer fraction="0" format="html"><text><![CDATA[<p>安培</p>]]></text><feedback format="html"><text></text></feedback></answer>
    <answer fraction="100" format="html"><text><![CDATA[<p>伏特</p>]]></text><feedback format="html"><text></text></feedback></answer>
    <answer fraction="0" format="html"><text>欧姆 &lt;Ω&gt;</text><feedback format="html"><text></text></feedback></answer>
  </question>
  <question type="category"><category><text>$course$/top/电工/基础知识</text></category></question>
  <question type="multichoice">
    <name><text>导体</text></name>
    <questiontext format="html"><text><![CDATA[<p>属于导体的有（　）。</p>]]></text></questiontext>
    <defaultgrade>2</defaultgrade><single>false</single><shuffleanswers>0</shuffleanswers>
    <answer fraction="50"><text>铜</text></answer>
    <answer fraction="-100"><text>橡胶</text></answer>
    <answer fraction="50"><text>铝</text></answer>
    <tags><tag><text>导体</text></tag></tags>
  </question>
  <question type="truefalse">
    <name><text>安培</text></name>
    <questiontext format="moodle_auto_format"><text>电流的单位是安培。</text></questiontext>
    <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
  </question>
  <question type="shortanswer">
    <name><text>单位</text></name>
    <questiontext format="html"><text><![CDATA[<p>电阻的单位是什么？</p>]]></text></questiontext>
    <answer fraction="100"><text>欧姆</text></answer>
  </question>
  <question type="essay">
    <name><text>安全</text></name>
    <questiontext format="html"><text><![CDATA[<p>简述安全用电的原则。</p>]]></text></questiontext>
    <graderinfo format="html"><text><![CDATA[<p>不接触低压带电体，不靠近高压带电体。</p>]]></text></graderinfo>
  </question>
  <question type="matching">
    <name><text>配对</text></name>
    <questiontext format="html"><text>配对题</text></questiontext>
  </question>
</quiz>
`;

/** XXE: an external entity that would read a local file. */
export const XXE_XML = `<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<quiz><question type="truefalse"><questiontext><text>&xxe;</text></questiontext><answer fraction="100"><text>true</text></answer></question></quiz>`;

/** Billion laughs: nested entities that expand to gigabytes. */
export const BILLION_LAUGHS_XML = `<?xml version="1.0"?>
<!DOCTYPE quiz [
 <!ENTITY lol "lol">
 ${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n ')}
]>
<quiz><question type="truefalse"><questiontext><text>&lol9;</text></questiontext></question></quiz>`;

/** A GIFT file as teachers write it for Moodle. */
export const GIFT_TEXT = `// 电工四级 GIFT 题库
$CATEGORY: $course$/电工/B002

::电压:: 电压的单位是 {=伏特 ~安培 ~欧姆 #不对 ####电压的单位为伏特\\: V}

::导体:: 属于导体的有（　）。{~%50%铜 ~%-100%橡胶 ~%50%铝}

$CATEGORY: $course$/电工/B001
::安培:: 电流的单位是安培。{T}

::电阻:: 电阻的单位是什么？{=欧姆 =Ω}

::数值:: 圆周率约为 {#3.14:0.01}
`;

/** A QTI 2.1 item as other authoring tools write it. */
export const QTI21_ITEM = `<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="q1" title="电压" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>ChoiceB</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <p>电压的单位是（　）。</p>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="true" maxChoices="1">
      <simpleChoice identifier="ChoiceA">安培</simpleChoice>
      <simpleChoice identifier="ChoiceB">伏特</simpleChoice>
      <simpleChoice identifier="ChoiceC">欧姆</simpleChoice>
    </choiceInteraction>
  </itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>`;

/** A QTI 2.2 text-entry item. */
export const QTI22_TEXT_ENTRY = `<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="q2" title="电阻" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="string"><correctResponse><value>欧姆</value></correctResponse></responseDeclaration>
  <itemBody><p>电阻的单位是 <textEntryInteraction responseIdentifier="RESPONSE" expectedLength="4"/>。</p></itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p2/rptemplates/match_correct"/>
</assessmentItem>`;
