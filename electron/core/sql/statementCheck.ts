/**
 * Checks a query's text before it reaches SQLite: exactly one statement, starting with SELECT or
 * WITH. The runner also asks SQLite whether the prepared statement writes (a WITH can end in
 * DELETE), so this scan is about clear messages, not the only line of defence.
 */

export type QueryCheck = { ok: true } | { ok: false; error: string };

const CLOSING_QUOTE: Record<string, string> = { "'": "'", '"': '"', '`': '`', '[': ']' };

/**
 * Splits SQL text into statements at top-level semicolons, the way SQLite's tokenizer sees them:
 * quotes ('', "", ``, []), line comments and block comments hide semicolons. Statements holding only
 * whitespace and comments are dropped; the returned texts are trimmed and have no trailing ';'.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let hasContent = false;
  let i = 0;
  const finish = (end: number) => {
    if (hasContent) statements.push(sql.slice(start, end).trim());
    hasContent = false;
  };
  while (i < sql.length) {
    const c = sql[i] ?? '';
    if (c === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? sql.length : eol + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c in CLOSING_QUOTE) {
      hasContent = true;
      const close = CLOSING_QUOTE[c] ?? c;
      let j = i + 1;
      for (;;) {
        const k = sql.indexOf(close, j);
        if (k < 0) {
          j = sql.length;
          break;
        }
        // A doubled quote is an escaped quote ('it''s'); brackets have no escape.
        if (close !== ']' && sql[k + 1] === close) {
          j = k + 2;
          continue;
        }
        j = k + 1;
        break;
      }
      i = j;
    } else if (c === ';') {
      finish(i);
      start = i + 1;
      i += 1;
    } else {
      if (!/\s/.test(c)) hasContent = true;
      i += 1;
    }
  }
  finish(sql.length);
  return statements;
}

/** The first word of a statement, skipping leading comments; '' when it starts with something else. */
export function leadingKeyword(statement: string): string {
  const withoutComments = statement.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?(?:\*\/|$))*/, '');
  return /^[A-Za-z_]+/.exec(withoutComments)?.[0]?.toUpperCase() ?? '';
}

export const MAX_QUERY_LENGTH = 100_000;

export function checkReadOnlyQuery(sql: string): QueryCheck {
  if (sql.length > MAX_QUERY_LENGTH) return { ok: false, error: `the query is longer than ${MAX_QUERY_LENGTH} characters` };
  const statements = splitStatements(sql);
  const [first] = statements;
  if (first === undefined) return { ok: false, error: 'the query is empty' };
  if (statements.length > 1) return { ok: false, error: `only one statement is allowed, found ${statements.length}` };
  const keyword = leadingKeyword(first);
  if (keyword !== 'SELECT' && keyword !== 'WITH') {
    return { ok: false, error: `only a SELECT query (or WITH ... SELECT) is allowed${keyword ? `, not ${keyword}` : ''}` };
  }
  return { ok: true };
}
