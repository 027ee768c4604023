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
