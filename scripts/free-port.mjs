// One way to get a port for a server a script or a test starts: never a well-known one, since other
// runs on the same machine start servers too.
import { createServer } from 'node:net';

/**
 * A TCP port nobody listens on right now (the OS picks it). The probe is unref'd, so it never keeps
 * the process alive on its own.
 * @param {string} [host]
 * @returns {Promise<number>}
 */
export function freePort(host = '127.0.0.1') {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, host, () => {
      const address = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => done(address.port));
    });
  });
}
