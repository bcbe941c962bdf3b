import { startEdge, type EdgeUnderTest } from '../../../testing/edgeHarness';

describe('route resolution step', () => {
  let edge: EdgeUnderTest;
  beforeAll(async () => {
    edge = await startEdge();
  });
  afterAll(() => edge.close());

  it('unknown paths are 404 problem+json when no upstream is configured', async () => {
    const res = await edge.fetch('/graphs');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('a known path with the wrong method is 405 with Allow', async () => {
    const res = await edge.fetch('/api/v1/auth/login');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
