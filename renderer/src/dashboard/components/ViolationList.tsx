import { useId, useMemo, useState } from 'react';
import type { AttemptDetail } from '../../../../shared/hub/proctor.js';
import type { ViolationSeverity } from '../../../../shared/journal.js';
import { clockTime } from '../lib/format.js';

const ICONS: Readonly<Record<ViolationSeverity, string>> = { critical: '✖', warning: '⚠', info: 'ℹ' };

/** The attempt's violations with their details, filterable by severity and kind. */
export function ViolationList({ violations }: { violations: AttemptDetail['violations'] }) {
  const [severity, setSeverity] = useState<ViolationSeverity | 'all'>('all');
  const [kind, setKind] = useState<string>('all');
  const id = useId();
  const kinds = useMemo(() => [...new Set(violations.map((v) => v.kind))].sort(), [violations]);
  const shown = useMemo(
    () => violations.filter((v) => (severity === 'all' || v.severity === severity) && (kind === 'all' || v.kind === kind)).reverse(),
    [violations, severity, kind],
  );
  if (violations.length === 0) return <p className="meta">No violations recorded.</p>;
  return (
    <div className="violations">
      <div className="filters">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-severity`}>
            Severity
          </label>
          <select id={`${id}-severity`} className="input" value={severity} onChange={(e) => setSeverity(e.target.value as ViolationSeverity | 'all')}>
            <option value="all">All</option>
            <option value="critical">Critical</option>
            <option value="warning">Warning</option>
            <option value="info">Info</option>
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-kind`}>
            Kind
          </label>
          <select id={`${id}-kind`} className="input" value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="all">All kinds</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="table-wrap" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
        <table className="data-table" data-testid="violation-table">
          <caption id={`${id}-caption`}>
            Violations, newest first ({shown.length} of {violations.length})
          </caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Severity</th>
              <th scope="col">Kind</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((v) => (
              <tr key={v.seq} className={`vio-row vio-row--${v.severity}`}>
                <td>
                  <time dateTime={v.at}>{clockTime(v.at)}</time>
                </td>
                <td>
                  <span className={`sev sev--${v.severity}`}>
                    <span aria-hidden="true">{ICONS[v.severity]} </span>
                    {v.severity}
                  </span>
                </td>
                <td>
                  <code>{v.kind}</code>
                </td>
                <td>{v.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
