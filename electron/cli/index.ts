#!/usr/bin/env node
/**
 * The `vigil` command (DESIGN 12). Each subcommand lives in commands/<name>.ts and exports
 * `run(argv): Promise<number>` (the exit code). This file only dispatches.
 */
import process from 'node:process';

const commands: Record<string, () => Promise<{ run: (argv: string[]) => Promise<number> }>> = {
  serve: () => import('./commands/serve.js'),
  hub: () => import('./commands/hub.js'),
  lint: () => import('./commands/lint.js'),
  pack: () => import('./commands/pack.js'),
  grade: () => import('./commands/grade.js'),
  config: () => import('./commands/config.js'),
  preflight: () => import('./commands/preflight.js'),
  'quit-password': () => import('./commands/quit-password.js'),
  cast: () => import('./commands/cast.js'),
};

const usage = `usage: vigil <command> [options]

commands:
${Object.keys(commands)
  .map((c) => `  ${c}`)
  .join('\n')}
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage);
    return name ? 0 : 1;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`vigil: unknown command "${name}"\n${usage}`);
    return 1;
  }
  const command = await load();
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`vigil: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
