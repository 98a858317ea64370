import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newTestPage } from '../support/browser';
import { judgeItem, singleItem } from '../support/fixtures';
import { memorySink } from '../unit/interchange/helpers';
import { ItemContentSchema, type ItemContent } from '../../server/bank/item-schema';
import { writeQtiPackage } from '../../server/bank/interchange/foreign/qti';

/**
 * The QTI 3.0 export opened in an independent QTI 3.0 reader: Cito's @citolab/qti-components
 * (the QTI 3 item player web components, npm), in Chromium. Each exported item is transformed
 * and rendered by it; setting the correct response and running its response processing
 * (the match_correct template) must score 1, a wrong response 0.
 */
const require = createRequire(import.meta.url);
const PLAYER = path.join(path.dirname(require.resolve('@citolab/qti-components/package.json')), 'cdn', 'index.js');
const ORIGIN = 'http://qti-reader.test';

async function openPlayer(browser: Browser): Promise<Page> {
  const page = await newTestPage(browser);
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/player.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: readFileSync(PLAYER, 'utf8') });
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><main id="host"></main></body></html>' });
  });
  await page.goto(`${ORIGIN}/`);
  return page;
}

/** Renders one item in the player, then scores `response`; returns what the player saw and scored. */
async function score(page: Page, xml: string, response: string | string[]): Promise<{ choices: number; interactions: string[]; score: number }> {
  return page.evaluate(
    async ({ xml: itemXml, response: value }) => {
      const player = (await import('/player.js' as string)) as { qtiTransformItem: () => { parse(x: string): { htmlDoc(): DocumentFragment } } };
      const host = document.getElementById('host')!;
      host.replaceChildren(player.qtiTransformItem().parse(itemXml).htmlDoc());
      await customElements.whenDefined('qti-assessment-item');
      const item = host.querySelector('qti-assessment-item') as HTMLElement & { updateComplete?: Promise<unknown>; updateResponseVariable(id: string, v: string | string[]): void; processResponse(): boolean; getOutcome(id: string): { value: unknown } };
      await item.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 50));
      item.updateResponseVariable('RESPONSE', value);
      item.processResponse();
      return {
        choices: host.querySelectorAll('qti-simple-choice').length,
        interactions: [...host.querySelectorAll('*')].map((e) => e.localName).filter((n) => n.endsWith('-interaction')),
        // The player keeps outcome values as strings.
        score: Number(item.getOutcome('SCORE')?.value ?? NaN),
      };
    },
    { xml, response },
  );
}

describe('the QTI 3.0 export opens in an independent QTI 3.0 reader (@citolab/qti-components in Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let files: Record<string, string>;

  before(async () => {
    browser = await launchChromium();
    const items: Array<{ code: string; content: ItemContent }> = [
      { code: 'B002-001', content: ItemContentSchema.parse(singleItem()) as ItemContent },
      { code: 'B001-001', content: ItemContentSchema.parse(judgeItem()) as ItemContent },
      {
        code: 'CB001-001',
        content: ItemContentSchema.parse({ ...singleItem(), type: 'multiple', pointCode: 'CB001', levels: [3], stem: '<p>属于导体的有（　）。</p>', options: ['铜', '橡胶', '铝', '铁'].map((html, i) => ({ key: 'ABCD'[i], html })), answer: ['A', 'C', 'D'] }) as ItemContent,
      },
      { code: 'D001-001', content: ItemContentSchema.parse({ type: 'short', pointCode: 'D001', levels: [4], difficulty: 3, estimatedSeconds: 600, stem: '<p>简述停电检修的安全措施。</p>', explanation: '', tags: [], referenceAnswer: '<p>停电、验电、装设接地线。</p>', markingPoints: [{ text: '按参考答案评分', points: 10 }], points: 10 }) as ItemContent },
    ];
    const sink = memorySink();
    await writeQtiPackage(items, sink.stream, 'NAT-DG');
    files = Object.fromEntries(Object.entries(unzipSync(new Uint8Array(sink.buffer()))).map(([name, bytes]) => [name, strFromU8(bytes)]));
  });
  after(async () => {
    await browser?.close();
  });

  it('the package lists every item in imsmanifest.xml as a QTI 3.0 item resource', () => {
    const manifest = files['imsmanifest.xml']!;
    expect(manifest).to.contain('imsqti_item_xmlv3p0');
    for (const code of ['B002-001', 'B001-001', 'CB001-001', 'D001-001']) {
      expect(manifest).to.contain(`href="items/${code}.xml"`);
      expect(files[`items/${code}.xml`]).to.contain('<qti-assessment-item');
    }
  });

  it('single choice: rendered with its four choices; the key scores 1, another choice 0', async () => {
    const page = await openPlayer(browser);
    const right = await score(page, files['items/B002-001.xml']!, 'A');
    expect(right).to.deep.include({ choices: 4, score: 1 });
    expect(right.interactions).to.deep.equal(['qti-choice-interaction']);
    expect((await score(page, files['items/B002-001.xml']!, 'B')).score).to.equal(0);
  });

  it('true/false: two choices, 对 scores 1', async () => {
    const page = await openPlayer(browser);
    expect(await score(page, files['items/B001-001.xml']!, 'T')).to.deep.include({ choices: 2, score: 1 });
    expect((await score(page, files['items/B001-001.xml']!, 'F')).score).to.equal(0);
  });

  it('multiple choice: all or nothing under match_correct', async () => {
    const page = await openPlayer(browser);
    expect((await score(page, files['items/CB001-001.xml']!, ['A', 'C', 'D'])).score).to.equal(1);
    expect((await score(page, files['items/CB001-001.xml']!, ['A', 'C'])).score).to.equal(0);
  });

  it('short answer: an extended-text interaction, scored by people (no automatic score)', async () => {
    const page = await openPlayer(browser);
    const result = await score(page, files['items/D001-001.xml']!, '停电、验电');
    expect(result.interactions).to.deep.equal(['qti-extended-text-interaction']);
    expect(result.score).to.equal(0);
  });
});
