import { VigilError } from '../../../shared/errors.js';
import type { SqlSchemaResult } from '../../../shared/attemptView.js';
import type { SqlRunner } from './sqlRunner.js';

/**
 * Every table and view of a dataset with its columns, declared types, primary key and NOT NULL,
 * read with one SELECT over sqlite_master and pragma_table_info through the same read-only runner
 * the candidate's queries use (so it costs no second sql.js instance).
 */
const SCHEMA_QUERY = `SELECT m.name AS tbl, m.type AS kind, p.name AS col, p.type AS type, p.pk AS pk, p."notnull" AS nn
FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%'
ORDER BY m.type, m.name, p.cid`;

export async function datasetSchema(runner: SqlRunner, datasetSql: string): Promise<SqlSchemaResult> {
  const outcome = await runner.run(datasetSql, SCHEMA_QUERY, { maxRows: 10_000 });
  if (!outcome.ok) throw new VigilError('internal', `the dataset's schema could not be read: ${outcome.error}`);
  const tables: SqlSchemaResult['tables'] = [];
  for (const [tbl, kind, col, type, pk, nn] of outcome.rows) {
    let table = tables[tables.length - 1];
    if (!table || table.name !== String(tbl)) {
      table = { name: String(tbl), kind: kind === 'view' ? 'view' : 'table', columns: [] };
      tables.push(table);
    }
    table.columns.push({ name: String(col), type: typeof type === 'string' && type !== '' ? type : 'ANY', primaryKey: Number(pk) > 0, notNull: Number(nn) === 1 });
  }
  return { tables };
}
