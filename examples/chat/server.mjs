// `npm run example:chat`: the chat example on one Node process. Vite (middleware mode) serves the
// pages and loads the TypeScript server side; /api/* goes to the example's Fetch handler.
//   PORT=3000 npm run example:chat      a fixed port (default: any free one, printed)
//   PHOENIX_URL=http://127.0.0.1:6006   traces and annotations in Phoenix instead of this process
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createServer as createViteServer } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const server = createServer();
const vite = await createViteServer({
  configFile: fileURLToPath(new URL('vite.config.ts', import.meta.url)),
  root,
  // Vite's WebSocket rides on this server's port: by default, in middleware mode, it takes the fixed
  // port 24678, so a second example (or any other Vite) on the machine broke the page.
  server: { middlewareMode: true, hmr: process.env.EXAMPLE_HMR !== '0', ws: { server } },
  appType: 'spa',
});
/** @type {typeof import('./server/app')} */
const { createChatExample } = await vite.ssrLoadModule('/server/app.ts');
/** @type {typeof import('./server/node')} */
const { toNodeMiddleware } = await vite.ssrLoadModule('/server/node.ts');

const app = createChatExample({
  phoenixUrl: process.env.PHOENIX_URL || undefined,
  phoenixApiKey: process.env.PHOENIX_API_KEY || undefined,
  projectName: process.env.PHOENIX_PROJECT || undefined,
});
const api = toNodeMiddleware(app.handle);

server.on('request', (req, res) => {
  api(req, res, (error) => {
    if (error) {
      console.error(error);
      res.statusCode = 500;
      res.end('Internal error');
      return;
    }
    vite.middlewares(req, res);
  });
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  console.log(`annokit chat example on http://${address}:${port}/ (review console: /admin); traces in ${app.store ? 'this process' : process.env.PHOENIX_URL}`);
});

let closing = false;
async function close() {
  if (closing) return;
  closing = true;
  server.close();
  await Promise.allSettled([vite.close(), app.close()]);
  process.exit(0);
}
process.on('SIGINT', close);
process.on('SIGTERM', close);
