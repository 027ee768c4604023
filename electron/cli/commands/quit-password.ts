/**
 * `vigil quit-password`: reads a quit password from the first line of standard input (so it stays
 * out of the shell history) and prints its scrypt hash for an exam's `policy.quitPassword`
 * (DESIGN 6). Exit 0 with the hash on stdout; 1 for an empty password; 2 for usage errors.
 */
import process from 'node:process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { hashQuitPassword } from '../../core/lockdown/quitPassword.js';
import { readCommandArgs } from '../args.js';

const USAGE = 'usage: vigil quit-password < password.txt   (or type it, then Enter)';

/** The first line of a stream, without its line ending; '' when the stream ends first. */
export function readFirstLine(input: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
    let done = false;
    lines.once('line', (line) => {
      done = true;
      lines.close();
      resolve(line);
    });
    lines.once('close', () => {
      if (!done) resolve('');
    });
    input.once('error', reject);
  });
}

export async function run(argv: string[], input: Readable = process.stdin): Promise<number> {
  const args = readCommandArgs('quit-password', argv, { help: { type: 'boolean', short: 'h' } }, { usage: USAGE });
  if (!args.ok) return args.exitCode;
  if ((input as Readable & { isTTY?: boolean }).isTTY) process.stderr.write('Quit password (shown as you type): ');
  const password = await readFirstLine(input);
  if (password.length === 0) {
    process.stderr.write('vigil quit-password: the password is empty\n');
    return 1;
  }
  process.stdout.write(`${await hashQuitPassword(password)}\n`);
  return 0;
}
