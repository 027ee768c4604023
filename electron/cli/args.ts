import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Parses a subcommand's argv strictly; unknown flags become a one-line error, not a stack trace. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: T,
  allowPositionals = false,
): { ok: true; values: ReturnType<typeof parseArgs<{ options: T; allowPositionals: boolean; strict: true }>>['values']; positionals: string[] } | { ok: false; message: string } {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals, strict: true });
    return { ok: true, values: parsed.values, positionals: parsed.positionals };
  } catch (error) {
    return { ok: false, message: `vigil ${command}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export interface CommandUsage {
  /** Printed after a parse error, which exits with 2. */
  usage: string;
  /** Printed for `--help` (exit 0) when the command has that option; defaults to `usage`. */
  help?: string;
  allowPositionals?: boolean;
}

/**
 * parseCommandArgs plus what every subcommand does with the outcome: a bad flag prints the error
 * and the usage (exit 2), `--help` prints the help (exit 0). `exitCode` says to return at once.
 */
export function readCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: T,
  usage: CommandUsage,
): Extract<ReturnType<typeof parseCommandArgs<T>>, { ok: true }> | { ok: false; exitCode: number } {
  const args = parseCommandArgs(command, argv, options, usage.allowPositionals ?? false);
  if (!args.ok) {
    process.stderr.write(`${args.message}\n${usage.usage}\n`);
    return { ok: false, exitCode: 2 };
  }
  if ((args.values as Record<string, unknown>).help === true) {
    process.stdout.write(`${usage.help ?? usage.usage}\n`);
    return { ok: false, exitCode: 0 };
  }
  return args;
}
