// Loaded only through loadXterm(): xterm.js and its addons stay out of the first screen's bundle.
import '@xterm/xterm/css/xterm.css';

export { Terminal } from '@xterm/xterm';
export { FitAddon } from '@xterm/addon-fit';
export { WebglAddon } from '@xterm/addon-webgl';
