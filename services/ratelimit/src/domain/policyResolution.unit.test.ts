import type { PolicyInput } from './policy';
import { toSettings } from './policy';
import { PolicyIndex, type LoadedPolicy } from './policyResolution';

let seq = 0;
function policy(input: Partial<PolicyInput>, createdAtMs: number): LoadedPolicy {
  seq += 1;
  const settings = toSettings({ name: `p${seq}`, endpointType: 'GeneralApi', customPath: '', maxRequests: 1, windowSecs: 1, enabled: true, overrides: [], failOpen: true, ...input });
  return { ...settings, id: `0190000${seq}-0000-7000-8000-000000000000`, createdAtMs, updatedAtMs: createdAtMs, createdBy: 'x', revision: 1 };
}

describe('policy resolution', () => {
  const general = policy({ name: 'general' }, 1);
  const login = policy({ name: 'login', endpointType: 'Login' }, 2);
  const newerLogin = policy({ name: 'newer login', endpointType: 'Login' }, 3);
  const disabledLogin = policy({ name: 'disabled login', endpointType: 'Login', enabled: false }, 4);
  const api = policy({ name: '/api', endpointType: 'Custom', customPath: '/api' }, 5);
  const apiUsers = policy({ name: '/api/users', endpointType: 'Custom', customPath: '/api/users/' }, 6);
  const index = new PolicyIndex([general, login, newerLogin, disabledLogin, api, apiUsers]);

  it('the most recently created enabled policy of the type wins', () => {
    expect(index.resolve('Login', '/v1/auth/login')?.name).toBe('newer login');
  });

  it('an unknown or missing type falls back to GeneralApi', () => {
    expect(index.resolve('UserManagement', '/other')?.name).toBe('general');
    expect(index.resolve('', '')?.name).toBe('general');
  });

  it('Custom paths match by path-segment prefix, longest first, and beat the type', () => {
    expect(index.resolve('Login', '/api/users/42?x=1')?.name).toBe('/api/users');
    expect(index.resolve('Login', '/api/users')?.name).toBe('/api/users');
    expect(index.resolve('Login', '/api/usersX')?.name).toBe('/api');
    expect(index.resolve('Login', '/apiary')?.name).toBe('newer login');
  });

  it('ties on the same path: the most recently created wins; / matches everything', () => {
    const older = policy({ name: 'older', endpointType: 'Custom', customPath: '/x' }, 10);
    const newer = policy({ name: 'newer', endpointType: 'Custom', customPath: '/x' }, 11);
    const root = policy({ name: 'root', endpointType: 'Custom', customPath: '/' }, 12);
    const idx = new PolicyIndex([newer, older, root]);
    expect(idx.resolve('', '/x/y')?.name).toBe('newer');
    expect(idx.resolve('', '/anything')?.name).toBe('root');
  });

  it('no enabled policy: unlimited', () => {
    expect(new PolicyIndex([disabledLogin]).resolve('Login', '/login')).toBeUndefined();
  });
});
