import { describe, expect, it } from 'vitest';
import { isAppUrl, isTrustedSender } from '../../../../electron/main/senderCheck.js';

describe('sender checks', () => {
  it('accepts only our top frame on app://vigil', () => {
    expect(isTrustedSender({ url: 'app://vigil/index.html', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'app://vigil/index.html', parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'app://evil/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'file:///app/index.html', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
  it('treats unparsable URLs as foreign', () => {
    expect(isAppUrl('not a url')).toBe(false);
  });
});
