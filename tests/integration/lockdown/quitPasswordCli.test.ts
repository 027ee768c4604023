import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { run } from '../../../electron/cli/commands/quit-password.js';
import { verifyQuitPassword } from '../../../electron/core/lockdown/quitPassword.js';

async function quitPassword(stdin: string, argv: string[] = []) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  try {
    return { code: await run(argv, Readable.from([stdin])), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('vigil quit-password', () => {
  it('prints a hash of the first line of stdin that verifies', async () => {
    const { code, stdout } = await quitPassword('open sesame\r\nignored second line\n');
    expect(code).toBe(0);
    const hash = stdout.trim();
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyQuitPassword(hash, 'open sesame')).toBe(true);
  });

  it('refuses an empty password and unknown flags', async () => {
    expect((await quitPassword('\n')).code).toBe(1);
    expect((await quitPassword('', [])).code).toBe(1);
    expect((await quitPassword('x', ['--password', 'x'])).code).toBe(2);
  });
});
