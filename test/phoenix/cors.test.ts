/** Phoenix allows exactly the browser test origins: Starlette answers a preflight from any other without the CORS headers. */
import { expect, inject, it } from 'vitest';

async function preflight(origin: string): Promise<Response> {
  return fetch(`${inject('phoenixUrl')}/v1/span_annotations?sync=true`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
}

it('allows the browser tests’ origins and no other', async () => {
  const origins = inject('phoenixOrigins');
  expect(origins.length).toBeGreaterThan(0);
  for (const origin of origins) {
    const response = await preflight(origin);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
  }
  const other = await preflight('http://127.0.0.1:1');
  expect(other.headers.get('access-control-allow-origin')).toBeNull();
});
