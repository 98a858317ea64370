import type { Authentication, Permission, Principal } from './platform/routing';
import { principalMay } from './identity/policy';

/** The staff areas in the header, each shown to those whose roles hold its permission. */
const AREAS: Array<{ href: string; labelKey: string; permission: Permission }> = [
  { href: '/bank', labelKey: 'bank.title', permission: 'bank.view' },
  { href: '/bank/review', labelKey: 'review.title', permission: 'items.review' },
  { href: '/bank/papers', labelKey: 'assembly.papers', permission: 'papers.verify' },
  { href: '/sessions', labelKey: 'sessions.title', permission: 'sessions.view' },
  { href: '/scoring', labelKey: 'scoring.title', permission: 'scoring.enter' },
  { href: '/marking', labelKey: 'marking.title', permission: 'marking.mark' },
  { href: '/admin/users', labelKey: 'users.title', permission: 'users.manage' },
  { href: '/standards', labelKey: 'standards.title', permission: 'standards.manage' },
  { href: '/reports', labelKey: 'reports.title', permission: 'reports.view' },
  { href: '/audit', labelKey: 'audit.title', permission: 'audit.read' },
];

export function navigationFor(principal: Principal): Array<{ href: string; labelKey: string }> {
  return AREAS.filter((a) => principalMay(principal, a.permission)).map(({ href, labelKey }) => ({ href, labelKey }));
}

/**
 * Landing areas in order of preference: administrators start at users, reviewers at their
 * queue, other bank staff at banks, supervisors at the audit trail.
 */
const LANDING_ORDER = ['/admin/users', '/bank/review', '/bank', '/sessions', '/scoring', '/marking', '/audit'];

/** Where a user lands after signing in: their most relevant area, or the home page. */
export function landingFor(principal: Principal): string {
  const areas = new Set(navigationFor(principal).map((a) => a.href));
  return LANDING_ORDER.find((href) => areas.has(href)) ?? '/';
}

export function pageLocalsFor(auth: Authentication): Record<string, unknown> {
  return { navigation: navigationFor(auth.principal) };
}
