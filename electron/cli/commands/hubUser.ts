import process from 'node:process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { VigilError } from '../../../shared/errors.js';
import { hubRoleSchema } from '../../../shared/hub/roles.js';
import { hashPassword } from '../../hub/auth/passwords.js';
import { createAccountAuth } from '../../hub/auth/accountAuth.js';
import type { HubStore } from '../../hub/store/hubStore.js';
import { openHubStore } from '../../hub/store/openHubStore.js';
import { readCommandArgs } from '../args.js';
import { readPassword } from './hub.js';

/**
 * `vigil hub user add|list|revoke`: the hub's named accounts (issue 19), in its store, beside a
 * running hub. A password comes from --password-file (its first line) or is asked for on the
 * terminal without echo; it is stored only as a scrypt hash. `revoke` ends every session of an
 * account at once (other replicas drop theirs within a few seconds).
 */
const usage =
  'usage: vigil hub user add NAME --role admin|proctor|grader|viewer --data <dir> [--store URL] [--password-file F]\n' +
  '       vigil hub user list --data <dir> [--store URL]\n' +
  '       vigil hub user revoke NAME --data <dir> [--store URL]';

export async function run(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb !== 'add' && verb !== 'list' && verb !== 'revoke') {
    process.stderr.write(`vigil hub user: expected add, list or revoke\n${usage}\n`);
    return 2;
  }
  const args = readCommandArgs(
    `hub user ${verb}`,
    rest,
    { data: { type: 'string' }, store: { type: 'string' }, role: { type: 'string' }, 'password-file': { type: 'string' }, help: { type: 'boolean' } },
    { usage, allowPositionals: verb !== 'list' },
  );
  if (!args.ok) return args.exitCode;
  const v = args.values;
  if (!v.data && !v.store) {
    process.stderr.write(`vigil hub user: --data (or --store) is required\n${usage}\n`);
    return 2;
  }
  const name = args.positionals[0];
  if (verb !== 'list' && (!name || args.positionals.length !== 1 || !/^[A-Za-z0-9._@-]{1,64}$/.test(name))) {
    process.stderr.write(`vigil hub user ${verb}: name one account (1 to 64 of A-Z a-z 0-9 . _ @ -)\n${usage}\n`);
    return 2;
  }
  const role = hubRoleSchema.safeParse(v.role);
  if (verb === 'add' && !role.success) {
    process.stderr.write(`vigil hub user add: --role must be admin, proctor, grader or viewer\n${usage}\n`);
    return 2;
  }
  let store: HubStore | null = null;
  try {
    const password = verb === 'add' ? (v['password-file'] ? await readPassword(v['password-file']) : await promptPassword(`password for ${name}: `)) : '';
    store = await openHubStore({ dataDir: resolve(v.data ?? '.'), store: v.store, lock: false });
    await store.open();
    const at = new Date().toISOString();
    if (verb === 'list') {
      for (const a of await store.listAccounts()) process.stdout.write(`${a.name}\t${a.role}\t${a.disabledAt ? `disabled ${a.disabledAt}` : 'active'}\n`);
      return 0;
    }
    const account = await store.accountByName(name as string);
    if (verb === 'revoke') {
      if (!account) throw new VigilError('not-found', `no account ${name}`);
      const n = await createAccountAuth(store).revoke(account.accountId);
      await store.audit({ at, account: 'cli', action: 'account:revoke-sessions', attemptId: null, detail: { name, sessions: n } });
      process.stdout.write(`revoked ${n} session(s) of ${name}\n`);
      return 0;
    }
    if (account) throw new VigilError('conflict', `there is already an account named ${name}`);
    if (password.length < 8) throw new VigilError('invalid-params', 'the password must have at least 8 characters');
    if (!role.success) throw new VigilError('invalid-params', 'no role');
    await store.addAccount({ name: name as string, role: role.data, passwordHash: await hashPassword(password), createdAt: at });
    await store.audit({ at, account: 'cli', action: 'account:add', attemptId: null, detail: { name, role: role.data } });
    process.stdout.write(`added ${name} (${role.data})\n`);
    return 0;
  } catch (error) {
    if (error instanceof VigilError) {
      process.stderr.write(`vigil hub user: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await store?.close();
  }
}

/** Asks on the terminal without echoing what is typed; without a terminal, says to use a file. */
async function promptPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) throw new VigilError('invalid-params', 'no terminal to ask for the password on: pass --password-file');
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    process.stderr.write(prompt);
    muted = true;
    const answer = await new Promise<string>((resolveAnswer) => rl.question('', resolveAnswer));
    process.stderr.write('\n');
    return answer;
  } finally {
    rl.close();
  }
}
