/**
 * `vigil cast <recording.rec> [--out <file.cast>]`: a terminal recording (an attempt's
 * `terminal/<item>-<n>.rec`, docs/terminal.md) as asciicast v2, for `asciinema play` and
 * `asciinema cat`. Prints to stdout, or writes `--out` (never over an existing file). A torn last
 * record (the app crashed mid-write) is cut back and said on stderr. Exit 0; 1 when the file is
 * not a recording or cannot be read or written; 2 for usage errors.
 */
import { readFile, writeFile } from 'node:fs/promises';
import process from 'node:process';
import { recordingToAsciicast, RecordingFormatError } from '../../core/terminal/recordingFormat.js';
import { readCommandArgs } from '../args.js';

const USAGE = 'usage: vigil cast <recording.rec> [--out <file.cast>]';

export async function run(argv: string[]): Promise<number> {
  const args = readCommandArgs('cast', argv, { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } }, { usage: USAGE, allowPositionals: true });
  if (!args.ok) return args.exitCode;
  const [path, ...extra] = args.positionals;
  if (path === undefined || extra.length > 0) {
    process.stderr.write(`vigil cast: expected one recording file\n${USAGE}\n`);
    return 2;
  }
  let cast: ReturnType<typeof recordingToAsciicast>;
  try {
    cast = recordingToAsciicast(await readFile(path));
  } catch (error) {
    if (!(error instanceof RecordingFormatError) && !isFsError(error)) throw error;
    process.stderr.write(`vigil cast: ${path}: ${error.message}\n`);
    return 1;
  }
  if (cast.tornBytes > 0) process.stderr.write(`vigil cast: ${path}: cut back a torn last record (${cast.tornBytes} bytes; the app stopped while writing it)\n`);
  if (args.values.out === undefined) {
    process.stdout.write(cast.text);
    return 0;
  }
  try {
    await writeFile(args.values.out, cast.text, { flag: 'wx' });
  } catch (error) {
    if (!isFsError(error)) throw error;
    process.stderr.write(`vigil cast: cannot write ${args.values.out}: ${error.message}\n`);
    return 1;
  }
  return 0;
}

function isFsError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
