import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { catalogue } from '../../../server/i18n/catalogue';
import { t, hasMessage } from '../../../server/i18n/translate';
import { VIEWS_DIR } from '../../../server/platform/views';

function templateFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? templateFiles(full) : name.endsWith('.hbs') ? [full] : [];
  });
}

describe('message catalogue', () => {
  it('has an English text for every Chinese key and no empty texts', () => {
    const zh = Object.keys(catalogue['zh-CN']).sort();
    const en = Object.keys(catalogue.en).sort();
    expect(en).to.deep.equal(zh);
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const [key, text] of Object.entries(catalogue[locale])) expect(text.trim(), `${locale} ${key}`).not.to.equal('');
    }
  });

  it('defines every literal key the templates use', () => {
    const missing: string[] = [];
    for (const file of templateFiles(VIEWS_DIR)) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/\{\{\{?t\s+"([^"]+)"/g)) {
        if (!hasMessage(match[1]!)) missing.push(`${path.relative(VIEWS_DIR, file)}: ${match[1]}`);
      }
    }
    expect(missing).to.deep.equal([]);
  });

  it('fills placeholders and falls back visibly for unknown keys', () => {
    expect(t('zh-CN', 'common.pageOf', { page: 2, pages: 5, total: 93 })).to.equal('第 2 / 5 页，共 93 条');
    expect(t('en', 'common.pageOf', { page: 2, pages: 5, total: 93 })).to.equal('Page 2 of 5, 93 in all');
    expect(t('en', 'no.such.key')).to.equal('[[no.such.key]]');
  });
});
