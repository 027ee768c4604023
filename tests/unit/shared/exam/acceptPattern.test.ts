import { describe, expect, it } from 'vitest';
import { compileAcceptRegex, parseAcceptEntry } from '../../../../shared/exam/acceptPattern.js';

describe('parseAcceptEntry', () => {
  it('reads "/source/flags" as a regex and anything else as text', () => {
    expect(parseAcceptEntry('/^e-?tag$/i')).toEqual({ kind: 'regex', source: '^e-?tag$', flags: 'i' });
    expect(parseAcceptEntry('/a/b/')).toEqual({ kind: 'regex', source: 'a/b', flags: '' });
    expect(parseAcceptEntry('ETag')).toEqual({ kind: 'text', text: 'ETag' });
    expect(parseAcceptEntry('//')).toEqual({ kind: 'text', text: '//' });
    expect(parseAcceptEntry('/usr')).toEqual({ kind: 'text', text: '/usr' });
    // Letters after the last slash are flags, valid or not: lint then reports bad flags rather
    // than silently treating a mistyped regex as text.
    expect(parseAcceptEntry('/usr/bin')).toEqual({ kind: 'regex', source: 'usr', flags: 'bin' });
  });
});

describe('compileAcceptRegex', () => {
  it('compiles a valid pattern', () => {
    const result = compileAcceptRegex({ source: '^e-?tag$', flags: 'i' });
    expect(result.ok && result.regex.test('E-Tag')).toBe(true);
  });

  it('returns the syntax error as data', () => {
    expect(compileAcceptRegex({ source: '(', flags: '' })).toEqual({ ok: false, reason: 'Invalid regular expression: /(/: Unterminated group' });
  });

  it('refuses the stateful flags g and y', () => {
    expect(compileAcceptRegex({ source: 'a', flags: 'gyi' })).toEqual({
      ok: false,
      reason: 'flag "g" and "y" not allowed: matching would depend on the previous answer checked',
    });
  });
});
