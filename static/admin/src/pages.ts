/** The admin page's subpages, in the order of manifest.yml's `pages` (their routes); the first is the default. */
export const ADMIN_PAGES = ['framework', 'history', 'projects', 'delivery', 'tags', 'intake'] as const;
export type AdminPage = (typeof ADMIN_PAGES)[number];

/** The subpage a host path names (`/projects`, `/apps/x/projects/`); the framework for anything else. */
export function adminPageOf(path: string): AdminPage {
  const last = path.replace(/\/+$/, '').split('/').pop() ?? '';
  return (ADMIN_PAGES as readonly string[]).includes(last) ? (last as AdminPage) : 'framework';
}
