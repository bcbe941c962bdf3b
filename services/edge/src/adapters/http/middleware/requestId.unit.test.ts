import { request } from '../../../testing/testResponse';
import { chooseRequestId } from './requestId';
import { miniApp } from '../../../testing/miniApp';

describe('request id', () => {
  it('echoes a sane id', () => {
    expect(chooseRequestId('abc-DEF_1.2')).toBe('abc-DEF_1.2');
    expect(chooseRequestId('x'.repeat(128))).toBe('x'.repeat(128));
  });

  it('replaces ids that are too long, have other characters, or are repeated', () => {
    for (const bad of ['x'.repeat(129), 'a b', 'a\nb', '<script>', '', ['a', 'b']]) {
      const id = chooseRequestId(bad);
      expect(id).not.toEqual(bad);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    }
  });

  it('sets X-Request-ID on every response', async () => {
    const app = await miniApp([]);
    try {
      const echoed = await request(app.url, { headers: { 'x-request-id': 'req-123' } });
      expect(echoed.headers.get('x-request-id')).toBe('req-123');
      const minted = await request(app.url, { headers: { 'x-request-id': 'bad id!' } });
      expect(minted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await app.close();
    }
  });
});
