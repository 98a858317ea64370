import type { ChainedEntry, JsonValue } from './chain';

/**
 * How an audit entry reads to a person: the action's name (a catalogue key), a summary of its
 * details as labelled values, and a link to the object it is about. Pure; the page translates.
 */
export interface EntryDescription {
  actionKey: string;
  /** The action's code when it has no name in the catalogue yet (shown as is). */
  actionCode: string;
  targetTypeKey: string;
  targetLabel: string;
  href?: string;
  /** Labelled values: `labelKey` names the detail in the catalogue; otherwise `key` is shown. */
  summary: Array<{ labelKey?: string; key: string; value: string }>;
}

/** Actions the log knows by name (`audit.action.<code>` in the catalogue). */
export const AUDIT_ACTIONS = [
  'auth.login.success', 'auth.login.failure', 'auth.login.locked', 'auth.logout',
  'user.create', 'user.grant', 'user.revoke', 'user.password.change', 'user.password.reset', 'user.disable', 'user.enable',
  'occupation.create', 'occupation.update', 'standard.create', 'standard.update',
  'bank.create', 'bank.export', 'bank.import.dry-run', 'bank.import.commit',
  'item.create', 'item.edit', 'item.read', 'item.submit', 'item.withdraw', 'item.approve', 'item.reject', 'item.retire', 'media.upload',
  'release.publish', 'release.rollback', 'release.download',
  'blueprint.create', 'blueprint.update', 'paper.create', 'paper.preview', 'paper.verify',
  'candidate.register', 'candidate.idnumber.reveal',
  'scoring.plan.set', 'scoring.sheet.save', 'scoring.sheet.sign', 'scoring.sheet.reopen', 'scoring.sheet.print', 'scoring.confirm', 'registration.void',
  'audit.query', 'audit.verify', 'audit.export',
  'reports.export',
] as const;

/** Reading the log itself: recorded like every read, but grouped apart so they do not bury the acts. */
export const AUDIT_READ_ACTIONS: readonly string[] = ['audit.query', 'audit.verify', 'audit.export'];

/** Object types the log names, with where each one's page is. */
const TARGET_PAGES: Record<string, (id: string, details: Record<string, JsonValue>) => string | undefined> = {
  user: (id) => `/admin/users/${id}`,
  item: (id) => `/bank/items/${id}`,
  bank: (id) => `/bank/${id}/items`,
  standard: (id) => `/standards/${id}`,
  occupation: () => '/standards',
  blueprint: (id) => `/bank/blueprints/${id}`,
  paper: (id) => `/bank/papers/${id}`,
  release: (id, details) => (typeof details.bankId === 'string' ? `/bank/${details.bankId}/releases/${id}` : undefined),
  audit: () => '/audit',
};
export const AUDIT_TARGET_TYPES = ['user', 'item', 'bank', 'standard', 'occupation', 'blueprint', 'paper', 'release', 'media', 'import', 'candidate', 'audit', 'session'] as const;

/** Detail keys with a name in the catalogue (`audit.detail.<key>`); others are listed under their key. */
const DETAIL_KEYS = new Set([
  'grant', 'roles', 'version', 'versions', 'comment', 'reason', 'page', 'ok', 'checked', 'number', 'items', 'added', 'changed', 'retired',
  'created', 'updated', 'unchanged', 'rows', 'format', 'mode', 'file', 'fileName', 'count', 'seed', 'forms', 'level', 'code', 'status', 'filter',
  'from', 'to', 'recovered', 'bankId', 'releaseId', 'edition', 'revision', 'checklist', 'name', 'username', 'feasible', 'which', 'transition',
]);

const MAX_VALUE = 120;

/** One detail value as short readable text (lists joined, objects as key=value). */
export function detailText(value: JsonValue): string {
  let text: string;
  if (value === null) text = '—';
  else if (Array.isArray(value)) text = value.map(detailText).join('、');
  else if (typeof value === 'object') text = Object.entries(value).filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => `${k}=${detailText(v as JsonValue)}`).join('，');
  else if (typeof value === 'boolean') text = value ? '✓' : '✗';
  else text = String(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
}

export function describeEntry(entry: Pick<ChainedEntry, 'action' | 'target' | 'details'>): EntryDescription {
  const known = (AUDIT_ACTIONS as readonly string[]).includes(entry.action);
  const page = entry.target.id !== undefined ? TARGET_PAGES[entry.target.type]?.(entry.target.id, entry.details) : TARGET_PAGES[entry.target.type]?.('', entry.details);
  const typeKnown = (AUDIT_TARGET_TYPES as readonly string[]).includes(entry.target.type);
  return {
    actionKey: known ? `audit.action.${entry.action}` : '',
    actionCode: entry.action,
    targetTypeKey: typeKnown ? `audit.target.${entry.target.type}` : '',
    targetLabel: entry.target.label ?? entry.target.id ?? '',
    ...(page ? { href: page } : {}),
    summary: Object.entries(entry.details)
      .filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
      .map(([key, value]) => ({ ...(DETAIL_KEYS.has(key) ? { labelKey: `audit.detail.${key}` } : {}), key, value: detailText(value) })),
  };
}

/**
 * Consecutive reads of the log by the same person, folded into one row with a count, so a
 * supervisor paging through the log does not push the acts off page 1. Pure; keeps order.
 */
export function groupReads<T extends Pick<ChainedEntry, 'action' | 'actor'>>(entries: readonly T[]): Array<T & { repeats: number }> {
  const out: Array<T & { repeats: number }> = [];
  for (const entry of entries) {
    const last = out[out.length - 1];
    if (last && AUDIT_READ_ACTIONS.includes(entry.action) && last.action === entry.action && last.actor.id === entry.actor.id && last.actor.name === entry.actor.name) last.repeats += 1;
    else out.push({ ...entry, repeats: 1 });
  }
  return out;
}
