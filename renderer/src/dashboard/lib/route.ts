/**
 * The dashboard's screens as paths under /dashboard/ (the hub serves index.html for all of them):
 * `/dashboard/` the grid, `/dashboard/attempts/<id>` one attempt, `/dashboard/attempts/<id>/report`
 * its candidate report, `/dashboard/cohort` the ranked cohort, `/dashboard/item-stats` item
 * statistics, `/dashboard/grading` blind essay grading, `/dashboard/sittings` the sittings.
 */
export const DASHBOARD_BASE = '/dashboard/';

export type Route =
  | { screen: 'grid' }
  | { screen: 'attempt'; attemptId: string }
  | { screen: 'report'; attemptId: string }
  | { screen: 'cohort' }
  | { screen: 'item-stats' }
  | { screen: 'grading' }
  | { screen: 'sittings' };

export function parseRoute(pathname: string): Route {
  const match = /^\/dashboard\/attempts\/([^/]+)(\/report)?\/?$/.exec(pathname);
  if (match?.[1]) {
    try {
      const attemptId = decodeURIComponent(match[1]);
      return match[2] ? { screen: 'report', attemptId } : { screen: 'attempt', attemptId };
    } catch (error) {
      // A malformed %-escape in a typed URL: show the grid rather than a broken page.
      console.warn('vigil dashboard: ignoring a malformed attempt path', error);
    }
  }
  if (/^\/dashboard\/cohort\/?$/.test(pathname)) return { screen: 'cohort' };
  if (/^\/dashboard\/item-stats\/?$/.test(pathname)) return { screen: 'item-stats' };
  if (/^\/dashboard\/grading\/?$/.test(pathname)) return { screen: 'grading' };
  if (/^\/dashboard\/sittings\/?$/.test(pathname)) return { screen: 'sittings' };
  return { screen: 'grid' };
}

export function routePath(route: Route): string {
  switch (route.screen) {
    case 'attempt':
      return `${DASHBOARD_BASE}attempts/${encodeURIComponent(route.attemptId)}`;
    case 'report':
      return `${DASHBOARD_BASE}attempts/${encodeURIComponent(route.attemptId)}/report`;
    case 'cohort':
      return `${DASHBOARD_BASE}cohort`;
    case 'item-stats':
      return `${DASHBOARD_BASE}item-stats`;
    case 'grading':
      return `${DASHBOARD_BASE}grading`;
    case 'sittings':
      return `${DASHBOARD_BASE}sittings`;
    default:
      return DASHBOARD_BASE;
  }
}

/** A stable key per screen (the focus moves to the heading when it changes). */
export function routeKey(route: Route): string {
  return route.screen === 'attempt' || route.screen === 'report' ? `${route.screen}:${route.attemptId}` : route.screen;
}
