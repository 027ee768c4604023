import { describe, expect, it } from 'vitest';
import { parseMainArgs } from '../../../../electron/main/args.js';

describe('parseMainArgs', () => {
  it('reads --exam, --data and --proctor and ignores Chromium switches', () => {
    expect(parseMainArgs(['.', '--exam', 'x', '--data=/d', '--proctor', '--no-sandbox'])).toEqual({ exam: 'x', data: '/d', proctor: true, config: undefined });
    expect(parseMainArgs(['.'])).toEqual({ exam: undefined, data: undefined, proctor: false, config: undefined });
    expect(parseMainArgs(['.', '--config', '/etc/v.json']).config).toBe('/etc/v.json');
  });
});
