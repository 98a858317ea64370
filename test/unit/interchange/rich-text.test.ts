import { expect } from 'chai';
import fc from 'fast-check';
import {
  cellTextToRichText,
  looksLikeHtml,
  richTextAsPlainParagraphs,
  richTextToCellText,
  richTextToPlain,
  sanitizeItemRichText,
  sanitizeRichText,
  textToRichText,
} from '../../../server/bank/interchange/rich-text';

const MEDIA = '/media/65f0c3a2b4e5d6f7a8b9c0d1';

describe('interchange: rich text', () => {
  describe('sanitizeRichText', () => {
    const vectors: [string, string][] = [
      ['<p>hi<script>alert(1)</script></p>', '<p>hi</p>'],
      ['<p onclick="alert(1)" onmouseover="x()">hi</p>', '<p>hi</p>'],
      ['<img src=x onerror=alert(1)>', ''],
      [`<img src="${MEDIA}" onerror="alert(1)" alt="图">`, `<p><img src="${MEDIA}" alt="图" /></p>`],
      ['<img src="javascript:alert(1)">', ''],
      ['<img src="data:image/png;base64,AAAA">', ''],
      ['<img src="https://evil.example/x.png">', ''],
      [`<img src="//evil.example${MEDIA}">`, ''],
      [`<img src="${MEDIA}?x=1">`, ''],
      ['<a href="javascript:alert(1)">点我</a>', '<p>点我</p>'],
      ['<p style="background:url(javascript:alert(1))" class="x">a</p>', '<p>a</p>'],
      ['<svg onload=alert(1)><script>alert(1)</script><text>t</text></svg>ok', '<p>ok</p>'],
      ['<math><mtext><script>alert(1)</script></mtext></math>ok', '<p>ok</p>'],
      ['<iframe src="javascript:alert(1)">x</iframe>', ''],
      ['<style>p{color:red}</style><p>a</p>', '<p>a</p>'],
      ['<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', ''],
      ['<xmp><script>alert(1)</script></xmp>', ''],
      ['<object data="x.swf"></object><embed src="x.swf">', ''],
      ['<form action="/x"><input value="a"><button>b</button></form>', '<p>b</p>'],
      ['<p>1<!-- comment --></p>', '<p>1</p>'],
      ['<table><tr><td colspan="2" style="x">a</td><td rowspan="x">b</td><td colspan="999">c</td></tr></table>', '<table><tr><td colspan="2">a</td><td>b</td><td>c</td></tr></table>'],
    ];
    for (const [input, expected] of vectors) {
      it(`sanitises ${input.slice(0, 50)}`, () => {
        expect(sanitizeRichText(input)).to.equal(expected);
      });
    }

    it('keeps the subset and makes it canonical', () => {
      expect(sanitizeRichText('<p>H<sub>2</sub>O 与 10<sup>6</sup>，<b>粗</b><i>斜</i><u>下划线</u><br>下一行</p>')).to.equal(
        '<p>H<sub>2</sub>O 与 10<sup>6</sup>，<strong>粗</strong><em>斜</em><u>下划线</u><br />下一行</p>',
      );
      expect(sanitizeRichText('<TABLE><THEAD><TR><TH>回路</TH></TR></THEAD><TBODY><TR><TD>1</TD></TR></TBODY></TABLE>')).to.equal(
        '<table><thead><tr><th>回路</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>',
      );
    });

    it('wraps content without paragraphs in <p>, one per line', () => {
      expect(sanitizeRichText('H<sub>2</sub>O')).to.equal('<p>H<sub>2</sub>O</p>');
      expect(sanitizeRichText('第一行\n第二行 x<sup>2</sup>')).to.equal('<p>第一行</p><p>第二行 x<sup>2</sup></p>');
      expect(sanitizeRichText('   ')).to.equal('');
    });

    it('escapes text and is idempotent', () => {
      expect(sanitizeRichText('<p>a & b < c > d "q"</p>')).to.equal('<p>a &amp; b &lt; c &gt; d "q"</p>');
      fc.assert(
        fc.property(fc.string({ maxLength: 80 }), (s) => {
          const once = sanitizeRichText(s);
          expect(sanitizeRichText(once)).to.equal(once);
        }),
      );
      const tagged = fc.array(fc.constantFrom('<p>', '</p>', '<b>', '</b>', '<sub>', '</sub>', '<table><tr><td>', '</td></tr></table>', '<br>', 'a', '&amp;', '<', '>', '"', '\n', ' ', '中'), { maxLength: 30 });
      fc.assert(
        fc.property(tagged, (parts) => {
          const once = sanitizeRichText(parts.join(''));
          expect(sanitizeRichText(once)).to.equal(once);
          expect(once).not.to.match(/<(?!\/?(p|br|strong|em|u|sub|sup|table|thead|tbody|tr|th|td|img)\b)/);
        }),
      );
    });
  });

  describe('plain text', () => {
    it('turns lines into escaped paragraphs', () => {
      expect(textToRichText('第一段 a<b & c>\r\n\n  第二段  \n')).to.equal('<p>第一段 a&lt;b &amp; c&gt;</p><p>第二段</p>');
      expect(textToRichText('')).to.equal('');
    });

    it('gives the sanitiser’s own form', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 60 }), (s) => {
          const html = textToRichText(s);
          expect(sanitizeRichText(html)).to.equal(html);
        }),
      );
    });

    it('reads back plain paragraphs exactly', () => {
      fc.assert(
        fc.property(fc.array(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 4 }), (lines) => {
          const html = textToRichText(lines.join('\n'));
          const cell = richTextToCellText(html);
          expect(cellTextToRichText(cell)).to.equal(html);
        }),
      );
      expect(richTextAsPlainParagraphs('<p>a &amp; b</p><p>c</p>')).to.equal('a & b\nc');
      expect(richTextAsPlainParagraphs('<p>a<sup>2</sup></p>')).to.equal(undefined);
    });

    it('writes HTML cells where plain text would lose something, and reads them back', () => {
      for (const html of ['<p>10<sup>6</sup></p>', `<p><img src="${MEDIA}" alt="图" /></p>`, '<table><tr><td>1</td></tr></table>', '<p>&lt;br&gt; 标签</p>']) {
        const cell = richTextToCellText(html);
        expect(cell).to.equal(html);
        expect(cellTextToRichText(cell)).to.equal(html);
      }
    });

    it('tells HTML cells from text that merely has angle brackets', () => {
      expect(looksLikeHtml('U < 5 V 且 I > 2 A')).to.equal(false);
      expect(looksLikeHtml('<5 V')).to.equal(false);
      expect(looksLikeHtml('H<sub>2</sub>O')).to.equal(true);
      expect(looksLikeHtml('<p>x</p>')).to.equal(true);
      expect(cellTextToRichText('U < 5 V')).to.equal('<p>U &lt; 5 V</p>');
      expect(cellTextToRichText('H<sub>2</sub>O\n第二行')).to.equal('<p>H<sub>2</sub>O</p><p>第二行</p>');
    });

    it('renders readable plain text', () => {
      expect(richTextToPlain(`<p>3.6×10<sup>6</sup> J，P<sub>N</sub> &amp; I<sub>max</sub></p><table><tr><td>a</td><td>b</td></tr></table><p><img src="${MEDIA}" /></p><script>x</script>`)).to.equal(
        '3.6×10^6 J，P_N & I_(max)\na\tb\n[图片]',
      );
    });
  });

  it('sanitises the rich-text fields of item content only', () => {
    const item = {
      type: 'single',
      stem: '<p onclick="x">题干</p>',
      explanation: '',
      options: [{ key: 'A', html: '<script>1</script>甲' }, { key: 'B', html: 3 }],
      tags: ['<b>不是富文本</b>'],
    };
    expect(sanitizeItemRichText(item)).to.deep.equal({
      type: 'single',
      stem: '<p>题干</p>',
      explanation: '',
      options: [{ key: 'A', html: '<p>甲</p>' }, { key: 'B', html: 3 }],
      tags: ['<b>不是富文本</b>'],
    });
    expect(item.stem).to.equal('<p onclick="x">题干</p>');
  });
});
