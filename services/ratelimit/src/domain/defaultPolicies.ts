import type { PolicyInput } from './policy';

/**
 * Seeded on first start (api-contract.md section 4). Fixed ids make seeding idempotent across
 * instances and restarts: a second seed of the same stream is an "already exists", and a default
 * an admin deleted stays deleted.
 */
export const DEFAULT_POLICIES: Array<{ id: string; input: PolicyInput }> = [
  {
    id: '00000000-0000-7000-8000-000000000001',
    input: { name: 'Default Login Rate Limit', endpointType: 'Login', customPath: '', maxRequests: 5, windowSecs: 60, enabled: true, overrides: [], failOpen: true },
  },
  {
    id: '00000000-0000-7000-8000-000000000002',
    input: {
      name: 'Default API Key Creation Rate Limit',
      endpointType: 'ApiKeyCreation',
      customPath: '',
      maxRequests: 10,
      windowSecs: 3600,
      enabled: true,
      overrides: [],
      failOpen: true,
    },
  },
  {
    id: '00000000-0000-7000-8000-000000000003',
    input: {
      name: 'Default General API Rate Limit',
      endpointType: 'GeneralApi',
      customPath: '',
      maxRequests: 1000,
      windowSecs: 3600,
      enabled: true,
      overrides: [],
      failOpen: true,
    },
  },
];
