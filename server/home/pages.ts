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

export function registerHomePages(routes: RouteTable): void {
  routes.page({ method: 'get', path: '/', permission: 'public', summary: 'Home page' }, ({ res }) => {
    res.render('home/index', {
      title: 'home.title',
      areas: ROLE_AREAS.map((a) => ({ nameKey: `home.role.${a.key}`, descKey: `home.role.${a.key}.desc`, href: a.href })),
    });
  });
}
