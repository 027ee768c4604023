/**
 * `vigil config check [<file>]`: validates a provisioning config (`vigil-config/1`) the way the
 * app does at start. Exit 0 and a summary, or exit 1 and every problem as `file: json.path: reason`
 * on stderr. Without a file it checks the one the app would read (VIGIL_CONFIG, then the system
 * location). Usage errors exit 2.
 */
import process from 'node:process';
import { updateFeedUrl, type Provisioning } from '../../../shared/provisioning.js';
import { readCommandArgs } from '../args.js';
import { formatProblem } from '../../core/package/types.js';
import { readProvisioningFile } from '../../core/provisioning/loadProvisioning.js';
import { locateProvisioning, provisioningLocations } from '../../core/provisioning/provisioningLocations.js';

const USAGE = 'usage: vigil config check [<file>]';

export async function run(argv: string[]): Promise<number> {
  const args = readCommandArgs('config', argv, { help: { type: 'boolean', short: 'h' } }, {
    usage: USAGE,
    help: `${USAGE}\n\nWithout <file>: the file named by VIGIL_CONFIG, else ${provisioningLocations(process.platform, process.env).join(' or ')}.`,
    allowPositionals: true,
  });
  if (!args.ok) return args.exitCode;
  const [sub, file, ...extra] = args.positionals;
  if (sub !== 'check') {
    process.stderr.write(`vigil config: ${sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`}\n${USAGE}\n`);
    return 2;
  }
  if (extra.length > 0) {
    process.stderr.write(`vigil config: unexpected argument "${extra[0]}"\n${USAGE}\n`);
    return 2;
  }

  const [location] = locateProvisioning({ configFlag: file, env: process.env, platform: process.platform });
  if (!location) throw new Error('bug: no provisioning location for this system');
  const read = await readProvisioningFile(location.file);
  if (read.kind === 'missing') {
    const why = location.explicit ? '' : ' (without it the app runs the bundled practice exam with the defaults)';
    process.stderr.write(`vigil config: ${location.file}: no such file${why}\n`);
    return 1;
  }
  if (read.kind === 'invalid') {
    process.stderr.write(read.problems.map((p) => `${formatProblem(p)}\n`).join(''));
    process.stderr.write(`vigil config: ${read.problems.length} problem${read.problems.length === 1 ? '' : 's'} in ${location.file}\n`);
    return 1;
  }
  process.stdout.write(summary(read.provisioning));
  return 0;
}

function summary(p: Provisioning): string {
  const feed = updateFeedUrl(p);
  const lines = [
    `${p.source ?? ''}: valid vigil-config/1`,
    `  role:         ${p.role}`,
    `  hub:          ${p.hub ? `${p.hub.url}${p.hub.fingerprint ? ` (certificate pinned: ${p.hub.fingerprint})` : ''}` : 'none (results stay on this machine)'}`,
    `  updates:      ${feed.ok ? `channel ${p.updates.channel}, from ${feed.url}` : `off: ${feed.reason}`}`,
    `  exam:         ${p.defaultExam ?? 'the bundled practice exam'}`,
    `  data folder:  ${p.dataDir ?? "the system's user-data folder"}`,
  ];
  return `${lines.join('\n')}\n`;
}

