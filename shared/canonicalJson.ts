/**
 * Canonical JSON in the style of RFC 8785 (JCS): object keys sorted by UTF-16 code units, no
 * whitespace, numbers and strings formatted exactly as JSON.stringify does (which is the ECMAScript
 * serialisation JCS prescribes). Journal hashes and signatures are computed over this text, so the
 * same value must always give the same bytes on every machine and in every process.
 *
 * Values that JSON cannot carry faithfully are bugs in the caller, not data: non-finite numbers,
 * bigint, functions, symbols, `undefined` in an array or at the top, and non-plain objects (Date,
 * Map, class instances) throw a TypeError. `undefined` object properties are skipped, as in JSON.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out, '$');
  return out.join('');
}

function write(value: unknown, out: string[], path: string): void {
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is ${String(value)}, which JSON cannot represent`);
      // JSON.stringify(-0) is "0", as JCS requires.
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'object':
      if (value === null) {
        out.push('null');
        return;
      }
      if (Array.isArray(value)) {
        writeArray(value, out, path);
        return;
      }
      writeObject(value, out, path);
      return;
    default:
      throw new TypeError(`canonicalJson: ${path} is ${typeof value}, which JSON cannot represent`);
  }
}

function writeArray(value: readonly unknown[], out: string[], path: string): void {
  out.push('[');
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out.push(',');
    const element: unknown = value[i];
    if (element === undefined) throw new TypeError(`canonicalJson: ${path}[${i}] is undefined (an array hole or missing value)`);
    write(element, out, `${path}[${i}]`);
  }
  out.push(']');
}

function writeObject(value: object, out: string[], path: string): void {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    throw new TypeError(`canonicalJson: ${path} is a ${typeof name === 'string' ? name : 'non-plain object'}, not a plain JSON object`);
  }
  const record = value as Record<string, unknown>;
  // Array.prototype.sort without a comparator orders strings by UTF-16 code units, as JCS requires.
  const keys = Object.keys(record).sort();
  out.push('{');
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) out.push(',');
    first = false;
    out.push(JSON.stringify(key), ':');
    write(member, out, `${path}.${key}`);
  }
  out.push('}');
}
