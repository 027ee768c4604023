import { useEffect, useMemo, useState } from 'react';
import { ITEM_FLAGS, type ItemFlag, type ItemStat } from '../../../../shared/hub/itemStats.js';
import type { HubClient } from '../api/hubClient.js';
import { points } from '../lib/format.js';
import { useHubData } from '../lib/useHubData.js';
import { useGradingVersion } from './gradingVersion.js';

const FLAG_TEXT: Readonly<Record<ItemFlag, string>> = {
  'too-easy': `Too easy (facility above ${ITEM_FLAGS.easyAbove})`,
  'too-hard': `Too hard (facility below ${ITEM_FLAGS.hardBelow})`,
  'low-discrimination': `Weak discrimination (below ${ITEM_FLAGS.discriminationBelow})`,
};

const TYPE_TEXT: Readonly<Record<ItemStat['type'], string>> = {
  'single-choice': 'Single choice',
  'multiple-choice': 'Multiple choice',
  'short-text': 'Short answer',
  numeric: 'Numeric',
  essay: 'Essay',
  sql: 'SQL',
  coding: 'Coding',
};

const fixed = (n: number | null, digits = 2): string => (n === null ? '—' : n.toFixed(digits));
const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** Item statistics for authors: which items work, which are too easy, too hard or do not discriminate. */
export function ItemStatsScreen({ client }: { client: HubClient }) {
  const version = useGradingVersion();
  const { data, error, loading, reload } = useHubData(async () => client.itemStats((await client.exam()).id), [client, version]);
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  useEffect(() => {
    document.title = 'Item statistics · Vigil proctor dashboard';
  }, []);
  const items = useMemo(() => (data ? data.items.filter((i) => !flaggedOnly || i.flags.length > 0) : []), [data, flaggedOnly]);
  const flagged = data ? data.items.filter((i) => i.flags.length > 0).length : 0;

  return (
    <main id="main" className="dash-main" data-screen="item-stats" tabIndex={-1}>
      <h1 tabIndex={-1}>Item statistics {data ? <span className="meta h1-sub">{data.examTitle}</span> : null}</h1>
      {error ? (
        <p className="alert" role="alert">
          The item statistics could not be loaded: {error}
        </p>
      ) : null}
      {loading && !data ? <p className="loading" aria-busy="true">Computing the item statistics…</p> : null}
      {data ? (
        <>
          <dl className="facts-grid" data-testid="exam-reliability">
            <div>
              <dt>Graded results</dt>
              <dd data-testid="stats-results">{data.results}</dd>
            </div>
            <div>
              <dt>Cronbach&apos;s alpha</dt>
              <dd data-testid="stats-alpha">{fixed(data.alpha)}</dd>
            </div>
            <div>
              <dt>Standard error of measurement</dt>
              <dd data-testid="stats-sem">{data.sem === null ? '—' : `${points(data.sem)} points`}</dd>
            </div>
            <div>
              <dt>Items flagged</dt>
              <dd data-testid="stats-flagged">
                {flagged} of {data.items.length}
              </dd>
            </div>
          </dl>
          {data.notes.length > 0 ? (
            <ul className={`stats-notes${data.reliable ? '' : ' stats-notes--unreliable'}`} data-testid="stats-notes">
              {data.notes.map((note) => (
                <li key={note}>
                  <span aria-hidden="true">⚠ </span>
                  {note}
                </li>
              ))}
            </ul>
          ) : null}
          <p className="meta">
            Facility is the mean score as a share of the item&apos;s points (1 = everyone full marks). Discrimination is the correlation of the item&apos;s score with the rest
            of the exam: near 0 or negative, the item does not separate stronger from weaker candidates. The figures are recomputed from the results the hub holds
            whenever a result is graded.
          </p>
          <div className="grid-controls">
            <label className="inline-check">
              <input type="checkbox" checked={flaggedOnly} onChange={(e) => setFlaggedOnly(e.target.checked)} data-testid="flagged-only" /> Show flagged items only
            </label>
            <button type="button" className="button button--quiet" onClick={reload}>
              <span aria-hidden="true">↻ </span>Recompute
            </button>
          </div>
          <div className="table-wrap" role="region" aria-labelledby="item-stats-caption" tabIndex={0}>
            <table className="data-table item-stats">
              <caption id="item-stats-caption">Items, in exam order</caption>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Results</th>
                  <th scope="col">Facility</th>
                  <th scope="col">Discrimination</th>
                  <th scope="col">Flags</th>
                  <th scope="col">Options chosen</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <ItemRow key={item.itemId} item={item} />
                ))}
              </tbody>
            </table>
          </div>
          {items.length === 0 ? <p className="grid-empty">No item is flagged.</p> : null}
        </>
      ) : null}
    </main>
  );
}

function ItemRow({ item }: { item: ItemStat }) {
  return (
    <tr data-testid="item-stat-row" data-item-id={item.itemId} data-flags={item.flags.join(' ')} className={item.flags.length > 0 ? 'item-stat--flagged' : undefined}>
      <th scope="row">
        <span className="cell-candidate">{item.title}</span>
        <span className="cell-sub">
          {item.sectionTitle} · {TYPE_TEXT[item.type]} · {points(item.max)} pt{item.max === 1 ? '' : 's'}
        </span>
      </th>
      <td>{item.n}</td>
      <td data-testid="facility">
        <Meter value={item.facility} label={`Facility of ${item.title}`} />
      </td>
      <td data-testid="discrimination">{fixed(item.discrimination)}</td>
      <td>
        {item.flags.length === 0 ? (
          <span className="meta">—</span>
        ) : (
          <ul className="flag-list">
            {item.flags.map((f) => (
              <li key={f} className="flag">
                <span aria-hidden="true">⚑ </span>
                {FLAG_TEXT[f]}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        {item.options ? (
          <ul className="option-freq">
            {item.options.map((o) => (
              <li key={o.optionId} className={o.correct ? 'option-freq--key' : undefined}>
                {o.correct ? <span aria-label="correct">✓ </span> : null}
                {o.text}: {o.count} ({percent(o.share)})
              </li>
            ))}
            {item.unanswered ? <li className="meta">No answer: {item.unanswered}</li> : null}
          </ul>
        ) : (
          <span className="meta">—</span>
        )}
      </td>
    </tr>
  );
}

/** A number from 0 to 1 as text and a bar (the bar is decoration; the text carries it). */
export function Meter({ value, label }: { value: number | null; label: string }) {
  if (value === null) return <span className="meta">—</span>;
  return (
    <span className="meter-cell">
      <span className="meter-value">{value.toFixed(2)}</span>
      <span className="meter" aria-hidden="true" title={label}>
        <span className="meter-fill" style={{ width: `${Math.round(value * 100)}%` }} />
      </span>
    </span>
  );
}
