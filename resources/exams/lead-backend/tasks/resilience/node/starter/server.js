// resilience starter (Node.js, standard library only): forwards one attempt to the pricing
// service. Read README.md: add the retry policy, timeouts and the circuit breaker.
import http from 'node:http';

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const UPSTREAM_URL = process.env.UPSTREAM_URL ?? 'http://127.0.0.1:9';

async function quote(sku) {
  const res = await fetch(`${UPSTREAM_URL}/prices/${encodeURIComponent(sku)}`);
  return [res.status, await res.json()];
}

const server = http.createServer((req, res) => {
  const send = ([status, body]) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const m = /^\/quotes\/([^/?]+)$/.exec(req.url);
  if (req.method !== 'GET' || !m) return send([404, { error: 'not found' }]);
  quote(decodeURIComponent(m[1])).then(send, (error) => {
    console.error(error);
    send([500, { error: 'internal error' }]);
  });
});

server.listen(env('PORT', 8080), '127.0.0.1');
