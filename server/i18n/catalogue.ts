import { commonMessages } from './common-messages';
import { homeMessages } from '../home/messages';
import { identityMessages } from '../identity/messages';
import { auditMessages } from '../audit/messages';
import { bankMessages } from '../bank/messages';
import { importMessages } from '../bank/import-messages';
import { standardsMessages } from '../standards/messages';
import { assemblyMessages } from '../assembly/messages';
import { deliveryMessages } from '../delivery/messages';
import { sessionMessages } from '../sessions/messages';
import { certificateMessages } from '../certificates/messages';
import { scoringMessages } from '../skill-scoring/messages';
import { markingMessages } from '../marking/messages';
import { resultsMessages } from '../results/messages';
import { statisticsMessages } from '../statistics/messages';
import { reportsMessages } from '../reports/messages';
import { validationMessages } from './validation-messages';
import { problemMessages } from './problem-messages';
import type { Locale } from './locale';

/**
 * The one message catalogue. Each capability owns a table of its keys (prefixed by the
 * capability); this file merges them, and the type makes English cover every Chinese key.
 */
const tables = [commonMessages, homeMessages, identityMessages, auditMessages, bankMessages, importMessages, standardsMessages, assemblyMessages, deliveryMessages, sessionMessages, certificateMessages, scoringMessages, markingMessages, resultsMessages, statisticsMessages, reportsMessages, validationMessages, problemMessages] as const;

type KeysOf<T> = T extends { 'zh-CN': infer Z } ? keyof Z : never;
export type MessageKey = Extract<KeysOf<(typeof tables)[number]>, string>;

function merge(locale: Locale): Record<MessageKey, string> {
  const merged: Record<string, string> = {};
  for (const table of tables) {
    for (const [key, text] of Object.entries(table[locale])) {
      if (key in merged) throw new Error(`Message key ${key} is defined twice`);
      merged[key] = text;
    }
  }
  return merged as Record<MessageKey, string>;
}

export const catalogue: Record<Locale, Record<MessageKey, string>> = {
  'zh-CN': merge('zh-CN'),
  en: merge('en'),
};
