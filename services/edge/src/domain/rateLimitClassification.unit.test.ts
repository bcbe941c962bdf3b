import { endpointTypeFor, rateLimitSubject } from './rateLimitClassification';

describe('rate-limit classification', () => {
  it('maps routes to the policy types', () => {
    expect(endpointTypeFor('auth.login', '/api/v1/auth/login')).toBe('Login');
    expect(endpointTypeFor('apiKeys.create', '/api/v1/api-keys')).toBe('ApiKeyCreation');
    expect(endpointTypeFor('apiKeys.rotate', '/api/v1/api-keys/rotate')).toBe('ApiKeyCreation');
    expect(endpointTypeFor('apiKeys.list', '/api/v1/api-keys')).toBe('GeneralApi');
    expect(endpointTypeFor('users.get', '/api/v1/users/1')).toBe('UserManagement');
    expect(endpointTypeFor(undefined, '/graphs/x')).toBe('GeneralApi');
  });

  it('limits keys by key, users by user, anonymous callers and logins by IP', () => {
    const who = { clientIp: '203.0.113.9', userId: 'u1', apiKeyId: 'k1' };
    expect(rateLimitSubject('GeneralApi', who)).toBe('key:k1');
    expect(rateLimitSubject('GeneralApi', { ...who, apiKeyId: undefined })).toBe('user:u1');
    expect(rateLimitSubject('GeneralApi', { clientIp: '203.0.113.9' })).toBe('ip:203.0.113.9');
    expect(rateLimitSubject('Login', who)).toBe('ip:203.0.113.9');
  });
});
