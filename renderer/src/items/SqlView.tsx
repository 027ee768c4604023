import { lazy, Suspense, useId, useState } from 'react';
import type { SqlRunResult, SqlSchemaResult } from '../../../shared/attemptView.js';
import { SqlSchema } from './SqlSchema.js';
import type { ItemViewProps } from './itemViewProps.js';

const SqlEditor = lazy(() => import('./SqlEditor.js'));

export function preloadSqlEditor(): void {
  void import('./SqlEditor.js');
}

export interface SqlViewProps extends ItemViewProps<'sql'> {
  onRun(query: string): Promise<SqlRunResult>;
  /** The dataset's tables and columns, for the schema panel. */
  loadSchema?: () => Promise<SqlSchemaResult>;
}

type RunState = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; result: SqlRunResult; query: string };

/** The result of "Run query": a real table with column headers, or the database's error. */
export function SqlResult({ result }: { result: SqlRunResult }) {
  if (!result.ok) {
    return (
      <div className="sql-error" data-testid="sql-error">
        <p className="sql-error-title">
          <span aria-hidden="true">⚠ </span>The query failed
        </p>
        <pre className="sql-error-text">{result.error}</pre>
      </div>
    );
  }
  const count = result.rows.length;
  return (
    <div className="sql-table-wrap" role="region" aria-label="Query result" tabIndex={0}>
      <table className="sql-table" data-testid="sql-result">
        <caption>
          {count} row{count === 1 ? '' : 's'}
          {result.truncated ? ' (only the first rows are shown)' : ''}
        </caption>
        <thead>
          <tr>
            {result.columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => (
                <td key={c} className={cell === null ? 'is-null' : typeof cell === 'number' ? 'is-number' : undefined}>
                  {cell === null ? 'NULL' : String(cell)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** SQL item: the editor (its text is the answer), "Run query" against the item's dataset, the result. */
export function SqlView({ item, value, onChange, onRun, loadSchema }: SqlViewProps) {
  const id = useId();
  const text = typeof value === 'string' ? value : '';
  const [run, setRun] = useState<RunState>({ kind: 'idle' });

  async function runQuery() {
    if (run.kind === 'running') return;
    const query = text.trim();
    if (query === '') {
      setRun({ kind: 'done', query, result: { ok: false, error: 'Write a query first.' } });
      return;
    }
    setRun({ kind: 'running' });
    setRun({ kind: 'done', query, result: await onRun(query) });
  }

  const status = run.kind === 'running' ? 'Running the query…' : run.kind === 'done' ? (run.result.ok ? `The query returned ${run.result.rows.length} row${run.result.rows.length === 1 ? '' : 's'}.` : 'The query failed.') : '';
  return (
    <div className="sql">
      {loadSchema ? <SqlSchema load={loadSchema} /> : null}
      <p id={`${id}-label`} className="field-label">
        Your query
      </p>
      <p id={`${id}-hint`} className="field-hint">
        Your query is saved as you type. Run it against the sample data with Run query (Ctrl+Enter in the editor). Tab leaves the editor.
      </p>
      <Suspense
        fallback={
          <textarea className="input sql-fallback" rows={6} aria-labelledby={`${id}-label`} aria-describedby={`${id}-hint`} value={text} onChange={(e) => onChange(e.currentTarget.value)} />
        }
      >
        <SqlEditor value={text} onChange={onChange} onRun={() => void runQuery()} label="SQL query" describedBy={`${id}-hint`} />
      </Suspense>
      <div className="sql-actions">
        <button type="button" className="button" onClick={() => void runQuery()} aria-describedby={`${id}-status`} data-testid="run-query" data-item={item.id}>
          Run query
        </button>
        <span id={`${id}-status`} role="status" className="sql-status">
          {status}
        </span>
      </div>
      {run.kind === 'done' ? <SqlResult result={run.result} /> : null}
    </div>
  );
}
