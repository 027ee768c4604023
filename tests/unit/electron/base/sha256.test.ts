import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../../electron/base/sha256.js';

describe('sha256Hex', () => {
  it('hashes a string as its UTF-8 bytes (the journal chain and the hub re-check agree)', () => {
    // Known vector: SHA-256("abc").
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('é')).toBe(sha256Hex(new TextEncoder().encode('é')));
  });

  it('hashes bytes as they are', () => {
    expect(sha256Hex(new Uint8Array([0x61, 0x62, 0x63]))).toBe(sha256Hex('abc'));
    expect(sha256Hex(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
