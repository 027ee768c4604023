import type { MouseEvent, ReactNode } from 'react';
import { routePath, type Route } from '../lib/route.js';
import { useMay } from '../lib/useMay.js';
import { useDash } from '../store/DashboardProvider.js';

/** A real link to a dashboard screen (it opens in a new tab too) that navigates in place on a plain click. */
export function RouteLink({ to, children, className, current, testId }: { to: Route; children: ReactNode; className?: string; current?: boolean; testId?: string }) {
  const setRoute = useDash((s) => s.setRoute);
  const go = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    setRoute(to);
  };
  return (
    <a className={className ?? 'link'} href={routePath(to)} onClick={go} aria-current={current ? 'page' : undefined} data-testid={testId}>
      {children}
    </a>
  );
}

/** The dashboard's main screens: the live grid for proctors, the cohort and item statistics for hiring managers and authors. */
export function ScreenNav() {
  const screen = useDash((s) => s.route.screen);
  // A tab whose screen the role cannot read would only answer 403: not offered (the hub enforces it anyway).
  const cohort = useMay('cohort');
  const blind = useMay('blindQueue');
  return (
    <nav aria-label="Screens" className="screen-nav">
      <RouteLink to={{ screen: 'grid' }} className="screen-nav-link" current={screen === 'grid'} testId="nav-grid">
        Live candidates
      </RouteLink>
      {cohort ? (
        <RouteLink to={{ screen: 'cohort' }} className="screen-nav-link" current={screen === 'cohort'} testId="nav-cohort">
          Cohort and ranking
        </RouteLink>
      ) : null}
      {blind ? (
        <RouteLink to={{ screen: 'grading' }} className="screen-nav-link" current={screen === 'grading'} testId="nav-grading">
          Essay grading (blind)
        </RouteLink>
      ) : null}
      <RouteLink to={{ screen: 'item-stats' }} className="screen-nav-link" current={screen === 'item-stats'} testId="nav-item-stats">
        Item statistics
      </RouteLink>
      <RouteLink to={{ screen: 'sittings' }} className="screen-nav-link" current={screen === 'sittings'} testId="nav-sittings">
        Sittings
      </RouteLink>
    </nav>
  );
}
