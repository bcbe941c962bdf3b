import { policyPublication } from './publicEvents';
import type { PolicyRecord } from '../domain/policy';

const POLICY = {
  id: 'p1', name: 'trusted-batch', endpointType: 'GeneralApi', customPath: '', maxRequests: 100, windowSecs: 60, enabled: true, failOpen: false,
  overrides: [{ subject: 'ip:10.0.0.7', maxRequests: 5000 }, { subject: 'user:u1', maxRequests: 0 }],
} as unknown as PolicyRecord;

describe('rate-limit policy events on Kafka', () => {
  it('carry overrides as a list: subjects with dots (IPs) must stay storable as audit documents', () => {
    const event = { type: 'RateLimitPolicyCreated', data: {} } as never;
    const publication = policyPublication(event, POLICY, 'e1', Date.UTC(2026, 0, 1), { requestId: 'r1', actorUserId: 'a', actorUsername: 'admin', ipAddress: '', userAgent: '' } as never);
    const metadata = JSON.parse(publication.value).data.metadata;
    expect(metadata.overrides).toEqual([{ subject: 'ip:10.0.0.7', max_requests: 5000 }, { subject: 'user:u1', max_requests: 0 }]);
    const keys = (value: unknown): string[] => (value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => [k, ...keys(v)]) : []);
    expect(keys(metadata).filter((key) => key.includes('.') || key.startsWith('$'))).toEqual([]);
  });
});
