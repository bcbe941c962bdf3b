import { waitFor } from '@qilbee/testkit';
import { startEdge, type EdgeUnderTest } from '../../../testing/edgeHarness';

describe('access audit step', () => {
  let edge: EdgeUnderTest;
  beforeEach(async () => {
    edge = await startEdge();
  });
  afterEach(() => edge.close());

  it('each 401 becomes its own authentication_failed event keyed by IP, with its request id', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => edge.fetch('/api/v1/api-keys', { headers: { 'x-api-key': 'nope' } })));
    await waitFor(() => edge.audit.published.length >= 20);
    const events = edge.audit.published.filter((e) => e.fields.event_type === 'authentication_failed');
    expect(events).toHaveLength(20);
    expect(new Set(events.map((e) => e.fields.metadata.request_id))).toEqual(new Set(responses.map((r) => r.headers.get('x-request-id'))));
    expect(events[0]?.subject).toBe('127.0.0.1');
    expect(events[0]?.fields).toEqual(expect.objectContaining({ result: 'unauthorized', ip_address: '127.0.0.1', user_id: null }));
    expect(events[0]?.fields.metadata).toEqual(expect.objectContaining({ reason: 'invalid_api_key', status: 401, count: 1 }));
  });

  it('successes publish nothing', async () => {
    await edge.fetch('/health');
    await edge.fetch('/openapi.json');
    expect(edge.audit.published).toHaveLength(0);
  });
});
