import { parseArgs } from 'node:util';

export interface MainArgs {
  exam: string | undefined;
  data: string | undefined;
  proctor: boolean;
  /** A provisioning config file (DESIGN: operators' MDM drop); VIGIL_CONFIG and the OS location otherwise. */
  config: string | undefined;
}

/** Command-line flags of the desktop app; Chromium's own switches are ignored, not rejected. */
export function parseMainArgs(argv: string[]): MainArgs {
  const { values } = parseArgs({
    args: argv,
    options: { exam: { type: 'string' }, data: { type: 'string' }, proctor: { type: 'boolean', default: false }, config: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  return {
    exam: typeof values.exam === 'string' ? values.exam : undefined,
    data: typeof values.data === 'string' ? values.data : undefined,
    proctor: values.proctor === true,
    config: typeof values.config === 'string' ? values.config : undefined,
  };
}
