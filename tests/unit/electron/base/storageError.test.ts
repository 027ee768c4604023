import { describe, expect, it } from 'vitest';
import { VigilError } from '../../../../shared/errors.js';
import { toStorageError } from '../../../../electron/base/storageError.js';
import { errnoError } from '../../../fixtures/store/faultyFs.js';

describe('toStorageError', () => {
  it('names the action, the file and the reason in plain words', () => {
    for (const [code, words] of [
      ['ENOSPC', 'the disk is full'],
      ['EROFS', 'the file system is read-only'],
      ['EIO', 'the disk reported an input/output error'],
    ] as const) {
      const error = toStorageError(errnoError(code, 'write', '/a/journal.jsonl'), 'append to', '/a/journal.jsonl');
      expect(error).toBeInstanceOf(VigilError);
      expect(error.code).toBe('storage');
      expect(error.message).toBe(`could not append to /a/journal.jsonl: ${words} (${code})`);
      expect(error.details).toMatchObject({ file: '/a/journal.jsonl', code });
    }
  });

  it('keeps an unknown errno code and its message', () => {
    const error = toStorageError(errnoError('EWEIRD', 'open', '/x'), 'open', '/x');
    expect(error.message).toMatch(/^could not open \/x: .*EWEIRD.*\(EWEIRD\)$/);
  });

  it('passes VigilErrors through and rethrows bugs', () => {
    const original = new VigilError('storage', 'already clear');
    expect(toStorageError(original, 'write', '/x')).toBe(original);
    expect(() => toStorageError(new TypeError('bug'), 'write', '/x')).toThrow(TypeError);
  });
});
