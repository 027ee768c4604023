import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractWorkspace } from '../../../../../electron/hub/grading/extractWorkspace.js';

describe('extractWorkspace', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'vigil-extract-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function archiveOf(build: (dir: string) => Promise<void>, entries: string[]): Promise<{ b64: string; sha: string }> {
    const src = join(root, 'src');
    await mkdir(src, { recursive: true });
    await build(src);
    const file = join(root, 'ws.tar.gz');
    await create({ gzip: true, file, cwd: src, portable: true }, entries);
    const bytes = await readFile(file);
    return { b64: bytes.toString('base64'), sha: createHash('sha256').update(bytes).digest('hex') };
  }

  it('unpacks files and folders; links are left out and listed', async () => {
    const { b64, sha } = await archiveOf(async (src) => {
      await mkdir(join(src, 'lib'));
      await writeFile(join(src, 'sum.js'), 'export const sum = (a) => a.reduce((x, y) => x + y, 0);\n');
      await writeFile(join(src, 'lib', 'util.js'), '// util\n');
      await symlink('/etc/passwd', join(src, 'passwd'));
    }, ['sum.js', 'lib', 'passwd']);
    const out = await extractWorkspace(b64, sha, join(root, 'out'));
    expect((await readdir(out.dir)).sort()).toEqual(['lib', 'sum.js']);
    expect(await readFile(join(out.dir, 'lib', 'util.js'), 'utf8')).toBe('// util\n');
    expect(out.skipped).toEqual([{ path: 'passwd', reason: 'SymbolicLink entries are not unpacked' }]);
  });

  it('refuses an archive whose SHA-256 is not the one the result names', async () => {
    const { b64 } = await archiveOf(async (src) => writeFile(join(src, 'a.txt'), 'a'), ['a.txt']);
    await expect(extractWorkspace(b64, '0'.repeat(64), join(root, 'out'))).rejects.toThrow(/SHA-256/);
  });

  it('never writes outside the target, whatever the entry names say', async () => {
    // A hand-made tar whose entry climbs out with "..".
    const header = Buffer.alloc(512);
    header.write('../escaped.txt', 0);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write('00000000005\0', 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    const body = Buffer.alloc(512);
    body.write('hello');
    const tarBytes = Buffer.concat([header, body, Buffer.alloc(1024)]);
    const { gzipSync } = await import('node:zlib');
    const gz = gzipSync(tarBytes);
    const out = await extractWorkspace(gz.toString('base64'), createHash('sha256').update(gz).digest('hex'), join(root, 'deep', 'out'));
    expect(await readdir(join(root, 'deep'))).not.toContain('escaped.txt');
    expect(out.skipped.map((s) => s.reason)).toContain('path with ".."');
  });
});
