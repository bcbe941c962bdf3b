import { Writable } from 'node:stream';
import { createLogger } from '@qilbee/logger';
import { Metrics } from '../../../app/metrics';
import { miniApp } from '../../../testing/miniApp';
import { request } from '../../../testing/testResponse';
import { requestLog } from './requestLog';

describe('request log', () => {
  it('writes one wide event per request (id, method, route, status, duration) and counts it; never headers or bodies', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const metrics = new Metrics();
    const app = await miniApp([requestLog(createLogger({ service: 'edge', destination: sink }), metrics)]);
    try {
      await request(app.url, { method: 'POST', headers: { 'x-request-id': 'req-1', authorization: 'Bearer secret-token', 'content-type': 'application/json' }, body: '{"password":"hunter2"}' });
      await new Promise((resolve) => setImmediate(resolve));
      expect(lines).toHaveLength(1);
      const event = JSON.parse(lines[0] ?? '{}');
      expect(event).toEqual(expect.objectContaining({ request_id: 'req-1', method: 'POST', status: 200, msg: 'request', duration_ms: expect.any(Number) }));
      expect(lines[0]).not.toMatch(/secret-token|hunter2/);
      expect(metrics.render()).toMatch(/edge_http_requests_total\{route="not_found",method="POST",status="200"\} 1/);
    } finally {
      await app.close();
    }
  });
});
