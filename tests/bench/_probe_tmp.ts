import { ECHO_ITEM, openTerminalPage } from './terminalPage.js';
const s = await openTerminalPage();
const { page } = s;
await s.showTerminal(ECHO_ITEM);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
const rate = await page.evaluate(async (id) => {
  const h = (window as any).__vigilTerminals[id];
  let n = 0;
  const stop = h.onWritten((d: string) => { n += d.length; });
  h.type('yes aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | head -n 200000\r');
  await new Promise((r) => setTimeout(r, 3000));
  stop();
  return n / 3;
}, ECHO_ITEM);
const { profile } = await cdp.send('Profiler.stop');
console.log('chars/s', rate);
const self = new Map<string, number>();
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
const counts = new Map<number, number>();
for (const id of profile.samples ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
let total = 0;
for (const [id, c] of counts) { const n: any = byId.get(id); const key = `${n.callFrame.functionName || '(anon)'} ${String(n.callFrame.url).split('/').pop()}:${n.callFrame.lineNumber}`; self.set(key, (self.get(key) ?? 0) + c); total += c; }
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log((100 * v / total).toFixed(1) + '%', k);
await s.close();
