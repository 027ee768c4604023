import type { HubClient } from '../api/hubClient.js';
import type { FeedStatus } from '../api/liveFeed.js';
import { useDash } from '../store/DashboardProvider.js';
import { CsvButton } from './CsvButton.js';

const FEED_TEXT: Readonly<Record<FeedStatus, { icon: string; text: string }>> = {
  connecting: { icon: '…', text: 'Connecting to the hub…' },
  live: { icon: '●', text: 'Live' },
  polling: { icon: '◌', text: 'Live channel down: refreshing every 2 s' },
  offline: { icon: '✖', text: 'Hub unreachable: retrying' },
  stopped: { icon: '○', text: 'Not connected' },
};

/** The banner: app name, connection state, who is logged in, CSV export, contrast, log out. */
export function DashboardHeader({ client, contrast }: { client: HubClient; contrast: { on: boolean; toggle(): void } }) {
  const status = useDash((s) => s.feedStatus);
  const detail = useDash((s) => s.feedDetail);
  const name = useDash((s) => s.session?.name ?? '');
  const logout = useDash((s) => s.logout);
  const feed = FEED_TEXT[status];
  return (
    <header className="app-header dash-header">
      <p className="app-name">
        <span className="brand">Vigil</span> <span className="app-exam">Proctor dashboard</span>
      </p>
      <div className="app-status">
        <p className={`feed feed--${status}`} role="status" data-testid="feed-status" data-status={status} title={detail ?? undefined}>
          <span aria-hidden="true">{feed.icon} </span>
          {feed.text}
        </p>
        {name ? <p className="meta dash-who">Signed in as {name}</p> : null}
      </div>
      <div className="app-tools">
        <CsvButton client={client} />
        <button type="button" className="button button--quiet" aria-pressed={contrast.on} onClick={contrast.toggle} data-testid="contrast-toggle">
          <span aria-hidden="true">◐ </span>High contrast
        </button>
        <button type="button" className="button button--quiet" onClick={() => logout()}>
          Log out
        </button>
      </div>
    </header>
  );
}
