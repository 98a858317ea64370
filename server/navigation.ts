import type { Authentication, Permission, Principal } from './platform/routing';
import { principalMay } from './identity/policy';

/** The staff areas in the header, each shown to those whose roles hold its permission. */
const AREAS: Array<{ href: string; labelKey: string; permission: Permission }> = [
  { href: '/admin/users', labelKey: 'users.title', permission: 'users.manage' },
  { href: '/audit', labelKey: 'audit.title', permission: 'audit.read' },
];

export function navigationFor(principal: Principal): Array<{ href: string; labelKey: string }> {
  return AREAS.filter((a) => principalMay(principal, a.permission)).map(({ href, labelKey }) => ({ href, labelKey }));
}

/** Where a user lands after signing in: their first area, or the home page. */
export function landingFor(principal: Principal): string {
  return navigationFor(principal)[0]?.href ?? '/';
}

export function pageLocalsFor(auth: Authentication): Record<string, unknown> {
  return { navigation: navigationFor(auth.principal) };
}
