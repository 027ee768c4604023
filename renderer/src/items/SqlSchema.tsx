import { useEffect, useState } from 'react';
import type { SqlSchemaResult } from '../../../shared/attemptView.js';

type SchemaState = { kind: 'loading' } | { kind: 'ready'; schema: SqlSchemaResult } | { kind: 'failed'; error: string };

/**
 * The SQL item's dataset, table by table: each column with its declared type, primary key and
 * NOT NULL, so the candidate need not guess names or query sqlite_master. Each table can be folded.
 */
export function SqlSchema({ load }: { load: () => Promise<SqlSchemaResult> }) {
  const [state, setState] = useState<SchemaState>({ kind: 'loading' });
  useEffect(() => {
    let alive = true;
    load().then(
      (schema) => alive && setState({ kind: 'ready', schema }),
      (error: unknown) => alive && setState({ kind: 'failed', error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      alive = false;
    };
  }, [load]);

  return (
    <section className="sql-schema" aria-labelledby="sql-schema-title" data-testid="sql-schema">
      <h2 id="sql-schema-title" className="field-label">
        Tables
      </h2>
      {state.kind === 'loading' ? <p className="field-hint">Reading the tables…</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert" className="alert">
          The tables could not be listed: {state.error}
        </p>
      ) : null}
      {state.kind === 'ready'
        ? state.schema.tables.map((table) => (
            <details key={table.name} open className="sql-schema-table" data-table={table.name}>
              <summary>
                <code>{table.name}</code>
                {table.kind === 'view' ? ' (view)' : ''} <span className="field-hint">{table.columns.length} columns</span>
              </summary>
              <table className="sql-table sql-table--schema">
                <caption className="sr-only">Columns of {table.name}</caption>
                <thead>
                  <tr>
                    <th scope="col">Column</th>
                    <th scope="col">Type</th>
                    <th scope="col">Key / null</th>
                  </tr>
                </thead>
                <tbody>
                  {table.columns.map((c) => (
                    <tr key={c.name}>
                      <td>
                        <code>{c.name}</code>
                      </td>
                      <td>{c.type}</td>
                      <td>{[c.primaryKey ? 'primary key' : '', c.notNull ? 'not null' : ''].filter(Boolean).join(', ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          ))
        : null}
    </section>
  );
}
