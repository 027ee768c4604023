import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu: none at all, so no accelerator reloads, opens devtools, zooms or quits.
 * Except on macOS, where copy, cut, paste, select-all and undo in text fields only work through an
 * Edit menu's roles: there the menu has that Edit menu and nothing else (in kiosk mode the menu bar
 * is hidden, the shortcuts still work). No app menu means no Cmd+Q item either.
 */
export function applicationMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] | null {
  if (platform !== 'darwin') return null;
  return [
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
  ];
}
