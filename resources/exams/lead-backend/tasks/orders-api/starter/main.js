// Runs the API locally: `npm start`, then `curl -i localhost:3000/orders`.
import { createServer } from './server.js';

const port = Number(process.env.PORT ?? 3000);
createServer().listen(port, () => {
  console.log(`orders-api listening on http://localhost:${port}`);
});
