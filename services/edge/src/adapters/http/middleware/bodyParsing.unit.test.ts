import { request } from '../../../testing/testResponse';
import { ROUTES } from '../../../domain/routeTable';
import { miniApp, type MiniApp } from '../../../testing/miniApp';
import type { Step } from '../pipeline';
import { state } from '../requestState';
import { bodyParsing } from './bodyParsing';

const asRoute = (id: string): Step => (_req, res, next) => {
  const spec = ROUTES.find((r) => r.id === id);
  if (!spec) throw new Error(id);
  state(res).route = { kind: 'route', spec, params: {} };
  next();
};

describe('body parsing', () => {
  let login: MiniApp;
  let logout: MiniApp;
  beforeAll(async () => {
    login = await miniApp([asRoute('auth.login'), bodyParsing(64)]);
    logout = await miniApp([asRoute('auth.logout'), bodyParsing(64)]);
  });
  afterAll(async () => {
    await login.close();
    await logout.close();
  });
  const post = (url: string, body: string, type = 'application/json') => request(url, { method: 'POST', headers: { 'content-type': type }, body });

  it('parses JSON', async () => {
    const res = await post(login.url, '{"a":1}');
    expect((await res.json()).body).toEqual({ a: 1 });
  });

  it('malformed JSON is 400 problem+json', async () => {
    const res = await post(login.url, '{"a":');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await res.json()).code).toBe('malformed_json');
  });

  it('a body that is not JSON is 415', async () => {
    const res = await post(login.url, 'a=1', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(415);
  });

  it('a body above the limit is 413, declared or streamed', async () => {
    expect((await post(login.url, JSON.stringify({ a: 'x'.repeat(100) }))).status).toBe(413);
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ a: 'y'.repeat(200) })));
        controller.close();
      },
    });
    const res = await request(login.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunked, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('no body at all is fine (the SDK logout: Content-Length 0, no Content-Type)', async () => {
    const res = await request(logout.url, { method: 'POST', headers: { 'content-length': '0' } });
    expect(res.status).toBe(200);
    expect((await res.json()).body).toBeNull();
  });
});
