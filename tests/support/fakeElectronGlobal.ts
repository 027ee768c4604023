/** Where bootMain.ts puts the fake `electron` module for fakeElectronEsm.ts to export. */
export const FAKE_ELECTRON_GLOBAL = '__vigilFakeElectron';

/** bootMain.ts reports each step as one stdout line starting with this, then JSON. */
export const BOOT_PREFIX = 'VIGIL-BOOT ';
