import { useEffect, useRef } from 'react';
import type { HubClient } from './api/hubClient.js';
import { AttemptScreen } from './components/AttemptScreen.js';
import { GridScreen } from './components/AttemptGrid.js';
import { DashboardHeader } from './components/DashboardHeader.js';
import { LoginScreen } from './components/LoginScreen.js';
import { useHighContrast } from './lib/contrast.js';
import { routeKey as keyOfRoute } from './lib/route.js';
import { BlindGradingScreen } from './reports/BlindGradingScreen.js';
import { CohortScreen } from './reports/CohortScreen.js';
import { ItemStatsScreen } from './reports/ItemStatsScreen.js';
import { ReportScreen } from './reports/ReportScreen.js';
import { ScreenNav } from './reports/RouteLink.js';
import { SittingsScreen } from './components/SittingsScreen.js';
import { useDash } from './store/DashboardProvider.js';

/** The proctor dashboard: log in, then the live grid or one attempt. */
export function DashboardApp({ client }: { client: HubClient }) {
  const loggedIn = useDash((s) => s.session !== null);
  const route = useDash((s) => s.route);
  const contrast = useHighContrast();
  const first = useRef(true);
  const routeKey = keyOfRoute(route);

  // A new screen moves the focus to its heading, as a page load would (not on the first render).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [routeKey, loggedIn]);

  if (!loggedIn) return <LoginScreen />;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <DashboardHeader client={client} contrast={contrast} />
      <ScreenNav />
      {route.screen === 'attempt' ? (
        <AttemptScreen key={route.attemptId} attemptId={route.attemptId} />
      ) : route.screen === 'item-stats' ? (
        <ItemStatsScreen client={client} />
      ) : route.screen === 'cohort' ? (
        <CohortScreen client={client} />
      ) : route.screen === 'grading' ? (
        <BlindGradingScreen client={client} />
      ) : route.screen === 'sittings' ? (
        <SittingsScreen client={client} />
      ) : route.screen === 'report' ? (
        <ReportScreen key={route.attemptId} client={client} attemptId={route.attemptId} />
      ) : (
        <GridScreen />
      )}
    </>
  );
}
