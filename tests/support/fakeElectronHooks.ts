/**
 * Node module hooks (registered by bootMain.ts with `module.register`): the specifier 'electron',
 * imported by the built main bundle, resolves to the fake instead of the npm package (whose
 * index.js only returns the binary's path, downloading it first).
 */
import type { ResolveHook } from 'node:module';

const FAKE_URL = new URL('./fakeElectronEsm.ts', import.meta.url).href;

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  // Resolved by the next hooks (tsx's) as if the bundle had imported the fake's own file.
  if (specifier === 'electron') return nextResolve(FAKE_URL, context);
  return nextResolve(specifier, context);
};
