import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate } from '../../../../electron/main/menu.js';

function roles(items: ReturnType<typeof applicationMenuTemplate>): string[] {
  const out: string[] = [];
  for (const item of items ?? []) {
    if (item.role) out.push(item.role);
    if (Array.isArray(item.submenu)) out.push(...roles(item.submenu));
  }
  return out;
}

describe('application menu', () => {
  it('is absent on Windows and Linux', () => {
    expect(applicationMenuTemplate('win32')).toBeNull();
    expect(applicationMenuTemplate('linux')).toBeNull();
  });

  it('is only an Edit menu on macOS, so copy and paste work but nothing reloads, zooms, opens devtools or quits', () => {
    const found = roles(applicationMenuTemplate('darwin'));
    expect(found).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
  });
});
