import { parseArgs } from 'node:util';

export interface MainArgs {
  exam: string | undefined;
  data: string | undefined;
  proctor: boolean;
}

/** Command-line flags of the desktop app; Chromium's own switches are ignored, not rejected. */
export function parseMainArgs(argv: string[]): MainArgs {
  const { values } = parseArgs({
    args: argv,
    options: { exam: { type: 'string' }, data: { type: 'string' }, proctor: { type: 'boolean', default: false } },
    strict: false,
    allowPositionals: true,
  });
  return {
    exam: typeof values.exam === 'string' ? values.exam : undefined,
    data: typeof values.data === 'string' ? values.data : undefined,
    proctor: values.proctor === true,
  };
}
