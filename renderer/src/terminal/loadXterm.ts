import type { FitAddon } from '@xterm/addon-fit';
import type { WebglAddon } from '@xterm/addon-webgl';
import type { Terminal } from '@xterm/xterm';

/** The xterm.js classes, fetched on first use (a coding item) by a dynamic import. */
export interface XtermModules {
  Terminal: typeof Terminal;
  FitAddon: typeof FitAddon;
  WebglAddon: typeof WebglAddon;
}

let loading: Promise<XtermModules> | null = null;

export function loadXterm(): Promise<XtermModules> {
  loading ??= import('./xtermModules.js').catch((error: unknown) => {
    loading = null; // a failed chunk load (e.g. the host restarting) is retried next time
    throw error;
  });
  return loading;
}

/**
 * Whether the WebGL renderer is worth trying: it needs WebGL 2, and a software rasterizer
 * (SwiftShader, llvmpipe: what Chromium uses without a GPU) draws slower than xterm's DOM renderer.
 */
export function webglUsable(doc: Document = document): boolean {
  let gl: WebGL2RenderingContext | null;
  try {
    gl = doc.createElement('canvas').getContext('webgl2');
  } catch (error) {
    console.info('vigil: no WebGL 2 for the terminal, using the DOM renderer', error);
    return false;
  }
  if (!gl) return false;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return !/swiftshader|llvmpipe|softpipe|software/i.test(renderer);
}
