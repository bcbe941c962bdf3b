import { startEdge, type EdgeUnderTest } from '../../../testing/edgeHarness';

describe('operations routes', () => {
  let edge: EdgeUnderTest;
  beforeAll(async () => {
    edge = await startEdge();
  });
  afterAll(() => edge.close());

  it('/health: QilbeeDB shape, no auth', async () => {
    const body = await (await edge.fetch('/health')).json();
    expect(body).toEqual({ status: 'healthy', version: 'test', uptime_seconds: expect.any(Number) });
  });

  it('/ready: checks dependencies; a dependency down is degraded, not unready', async () => {
    expect(await (await edge.fetch('/ready')).json()).toEqual({ status: 'ready', checks: { identity: 'up', signing_keys: 'loaded' } });
    edge.identity.down = true;
    const degraded = await (await edge.fetch('/ready')).json();
    edge.identity.down = false;
    expect(degraded).toEqual({ status: 'degraded', checks: { identity: 'down', signing_keys: 'loaded' } });
  });

  it('/metrics: Prometheus text with request counters', async () => {
    await edge.fetch('/health');
    const text = await (await edge.fetch('/metrics')).text();
    expect(text).toMatch(/# TYPE edge_http_requests_total counter/);
    expect(text).toMatch(/edge_http_requests_total\{route="ops.health",method="GET",status="200"\} \d+/);
  });
});
