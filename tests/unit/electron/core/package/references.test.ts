import { describe, expect, it } from 'vitest';
import { contentLinks } from '../../../../../electron/core/package/references.js';

describe('contentLinks', () => {
  it('finds content/ files in images, links and reference definitions', () => {
    const md = [
      '![a](content/a.png) and [b](./content/b.md#part) and ![c](<content/c d.png> "title")',
      '[e](content/e%20f.txt?x=1) [web](https://example.com/content/x.png) [top](#content)',
      '',
      '[ref]: content/ref.svg',
      '    [code]: content/indented-code-is-not-a-definition.txt',
    ].join('\n');
    expect(contentLinks(md).sort()).toEqual(['content/a.png', 'content/b.md', 'content/c d.png', 'content/e f.txt', 'content/ref.svg']);
  });

  it('keeps a malformed percent escape as typed', () => {
    expect(contentLinks('[x](content/100%zz.txt)')).toEqual(['content/100%zz.txt']);
  });
});
