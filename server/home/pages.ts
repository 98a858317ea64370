import { readFileSync } from 'node:fs';
import path from 'node:path';
import { VIEWS_DIR } from '../platform/views';
import type { RouteTable } from '../platform/routing';

/** The areas linked from the home page; `href` is set once an area exists. */
const ROLE_AREAS: Array<{ key: string; href?: string }> = [
  { key: 'writer', href: '/bank' },
  { key: 'reviewer', href: '/bank/review' },
  { key: 'bankAdmin', href: '/bank' },
  { key: 'centreAdmin' },
  { key: 'proctor' },
  { key: 'examiner' },
  { key: 'supervisor', href: '/audit' },
  { key: 'admin', href: '/admin/users' },
  { key: 'candidate' },
  { key: 'public', href: '/verify' },
];

const FAVICON = readFileSync(path.join(VIEWS_DIR, 'assets', 'favicon.svg'));

export function registerHomePages(routes: RouteTable): void {
  // Browsers ask for /favicon.ico whatever the page says: the site's mark, as SVG.
  routes.page({ method: 'get', path: '/favicon.ico', permission: 'public', summary: 'The site icon (SVG)' }, ({ res }) => {
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400').send(FAVICON);
  });

  routes.page({ method: 'get', path: '/', permission: 'public', summary: 'Home page' }, ({ res }) => {
    res.render('home/index', {
      title: 'nav.home',
      areas: ROLE_AREAS.map((a) => ({ nameKey: `home.role.${a.key}`, descKey: `home.role.${a.key}.desc`, href: a.href })),
    });
  });
}
