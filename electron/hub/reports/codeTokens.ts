/**
 * A small lexer for code similarity: turns source into normalised tokens with their line. Every
 * identifier becomes `V` and every literal `S` or `N`, so renaming variables or changing constants
 * hides nothing; keywords and punctuation stay as they are, since they carry the structure.
 * Comments and whitespace are dropped. One lexer for JavaScript/TypeScript, Python, Java, Go, C#
 * and SQL: it only has to be good enough that a copy and its original give the same tokens.
 */
export interface Token {
  text: string;
  line: number;
}

const KEYWORDS = new Set(
  (
    'abstract and as assert async await break case catch class const continue def default del delete do elif else enum except export extends false final finally ' +
    'for from func function global go if implements import in instanceof interface is lambda let new none nonlocal not null or package pass private protected public ' +
    'raise return self static super switch synchronized this throw throws true try typeof var void while with yield select where group by order having join on insert update'
  ).split(' '),
);

/** Line comments start with `#` in these (Python, shell, Ruby, YAML); elsewhere `#` is a token. */
const HASH_COMMENTS = /\.(py|sh|rb|ya?ml|toml|r)$/i;
/** `--` starts a comment in SQL. */
const DASH_COMMENTS = /\.sql$/i;

export function tokenize(source: string, path: string): Token[] {
  const hash = HASH_COMMENTS.test(path);
  const dash = DASH_COMMENTS.test(path);
  const out: Token[] = [];
  let line = 1;
  let i = 0;
  const n = source.length;
  const advance = (to: number) => {
    for (let j = i; j < to; j++) if (source.charCodeAt(j) === 10) line++;
    i = to;
  };
  while (i < n) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === '\n' || c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      advance(i + 1);
    } else if ((c === '/' && next === '/') || (hash && c === '#') || (dash && c === '-' && next === '-')) {
      const end = source.indexOf('\n', i);
      advance(end === -1 ? n : end);
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      advance(end === -1 ? n : end + 2);
    } else if (c === '"' || c === "'" || c === '`') {
      const start = line;
      // Python's triple-quoted strings (docstrings) are comments in all but name.
      const triple = source.startsWith(c.repeat(3), i);
      const end = triple ? closeTriple(source, i, c) : closeString(source, i, c);
      advance(end);
      if (!triple) out.push({ text: 'S', line: start });
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      const m = /^(0[xXbBoO][0-9a-fA-F_]+|[0-9_]*\.?[0-9_]+(?:[eE][+-]?[0-9]+)?)[a-zA-Z]*/.exec(source.slice(i, i + 64));
      out.push({ text: 'N', line });
      advance(i + Math.max(1, m?.[0].length ?? 1));
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source.slice(i, i + 256));
      const word = m?.[0] ?? c;
      const lower = word.toLowerCase();
      out.push({ text: KEYWORDS.has(lower) ? lower : 'V', line });
      advance(i + word.length);
    } else {
      // Punctuation one character at a time: `===` and `==` differ in tokens, as they should.
      out.push({ text: c, line });
      advance(i + 1);
    }
  }
  return out;
}

function closeString(source: string, from: number, quote: string): number {
  for (let j = from + 1; j < source.length; j++) {
    const ch = source[j];
    if (ch === '\\') j++;
    else if (ch === quote) return j + 1;
    else if (ch === '\n' && quote !== '`') return j; // an unterminated string ends at the line
  }
  return source.length;
}

function closeTriple(source: string, from: number, quote: string): number {
  const end = source.indexOf(quote.repeat(3), from + 3);
  return end === -1 ? source.length : end + 3;
}
