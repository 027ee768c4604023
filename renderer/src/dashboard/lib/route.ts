/**
 * The dashboard's screens as paths under /dashboard/ (the hub serves index.html for all of them):
 * `/dashboard/` the grid, `/dashboard/attempts/<id>` one attempt.
 */
export const DASHBOARD_BASE = '/dashboard/';

export type Route = { screen: 'grid' } | { screen: 'attempt'; attemptId: string };

export function parseRoute(pathname: string): Route {
  const match = /^\/dashboard\/attempts\/([^/]+)\/?$/.exec(pathname);
  if (match?.[1]) {
    try {
      return { screen: 'attempt', attemptId: decodeURIComponent(match[1]) };
    } catch (error) {
      // A malformed %-escape in a typed URL: show the grid rather than a broken page.
      console.warn('vigil dashboard: ignoring a malformed attempt path', error);
    }
  }
  return { screen: 'grid' };
}

export function routePath(route: Route): string {
  return route.screen === 'attempt' ? `${DASHBOARD_BASE}attempts/${encodeURIComponent(route.attemptId)}` : DASHBOARD_BASE;
}
