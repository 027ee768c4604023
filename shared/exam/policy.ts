import { z } from 'zod';

/** Lockdown policy (DESIGN 6). Every field has the documented default, so `{}` is a valid policy. */
export const allowReportBlock = z.enum(['allow', 'report', 'block']);

export const policySchema = z.strictObject({
  kiosk: z.boolean().default(true),
  contentProtection: z.boolean().default(true),
  maxDisplays: z.int().min(1).max(16).default(1),
  clipboard: z.enum(['allow', 'isolated', 'block']).default('isolated'),
  focusLoss: z.enum(['report', 'lock']).default('report'),
  virtualMachine: allowReportBlock.default('report'),
  remoteSession: allowReportBlock.default('block'),
  prohibitedProcesses: z
    .array(z.string().min(1).max(128))
    .max(500)
    .default(['obs', 'obs64', 'anydesk', 'teamviewer', 'zoom', 'discord', 'slack', 'vnc', 'rustdesk']),
  processAction: z.enum(['report', 'block']).default('report'),
  terminalNetwork: z.boolean().default(false),
  /**
   * Active clock only: whether time with the app closed (a crash, a kill, a power cut) counts
   * against the candidate after the restart. `stopped` (default): it does not; `counts`: it does,
   * from the journal's last entry to the restart. Every restart is a violation the proctor sees.
   */
  closedAppTime: z.enum(['stopped', 'counts']).default('stopped'),
  /** scrypt hash (`scrypt$N$r$p$salt$hash`, base64 parts) or null: no candidate-side quit before submit. */
  quitPassword: z.string().min(1).max(512).nullable().default(null),
});

export type Policy = z.infer<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
