import { Metadata } from '@grpc/grpc-js';
import { authV1, identityV1 } from '@qilbee/contracts';
import { createResilientClient } from '@qilbee/grpc-kit';
import { ADMIN_PASSWORD, ADMIN_USERNAME, type Platform } from './platform';
import type { Json } from './eventSchemas';

interface Reply {
  status: number;
  body: Json;
}

/**
 * REST calls that each carry a request id of this run (`X-Request-ID: <prefix>-<n>`): the edge
 * puts it into every event it causes (metadata.request_id), which tells this run's events apart
 * from those of other platforms publishing to the same topics.
 */
export class TaggedRest {
  private count = 0;
  constructor(
    readonly baseUrl: string,
    readonly prefix: string,
  ) {}

  nextRequestId(): string {
    this.count += 1;
    return `${this.prefix}-${this.count}`;
  }

  async call(method: string, path: string, options: { token?: string; apiKey?: string; json?: unknown } = {}): Promise<Reply> {
    const headers: Record<string, string> = { 'x-request-id': this.nextRequestId(), 'user-agent': 'qilbee-siem-test' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.apiKey) headers['x-api-key'] = options.apiKey;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: options.json === undefined ? undefined : JSON.stringify(options.json), redirect: 'manual' });
    const text = await res.text();
    const json = res.headers.get('content-type')?.includes('json') ?? false;
    return { status: res.status, body: json && text ? (JSON.parse(text) as Json) : text };
  }

  /**
   * The call must answer `status`. A 503 (a backend missed the edge's deadline on a loaded
   * machine) is retried for requests that are safe to repeat.
   */
  async expect(status: number, method: string, path: string, options: { token?: string; apiKey?: string; json?: unknown } = {}): Promise<Json> {
    const repeatable = method !== 'POST' || path === '/api/v1/auth/login';
    let reply = await this.call(method, path, options);
    for (let retry = 0; retry < 3 && reply.status === 503 && status !== 503 && repeatable; retry += 1) reply = await this.call(method, path, options);
    if (reply.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  async login(username: string, password: string): Promise<{ access_token: string; refresh_token: string; user_id: string }> {
    return this.expect(200, 'POST', '/api/v1/auth/login', { json: { username, password } });
  }
}

export interface ScenarioResult {
  /** Strings that must never appear on Kafka: passwords, API key secrets, JWTs, refresh tokens. */
  secrets: string[];
  /** The policy whose rejections the rate-limit service tallies (its events carry no request id). */
  tightPolicyId: string;
}

const PASSWORDS = { alice: 'Siem!Alice#2026-long', aliceNew: 'Siem!Alice#2027-newer', bob: 'Siem!Bob#2026-longer' };

/**
 * Drives the platform through every action that publishes a security event and that a client
 * can cause: sessions, refresh and reuse, revocations, lockouts, API keys, users and roles,
 * denials (401, 403, 429), policies; custom roles and signing-key rotation over gRPC, which have
 * no REST route; and an HTTPS rejection through a second edge that enforces HTTPS.
 */
export async function runSecurityScenario(platform: Platform, rest: TaggedRest, tag: string): Promise<ScenarioResult> {
  const secrets: string[] = [ADMIN_PASSWORD, ...Object.values(PASSWORDS)];
  const admin = await rest.login(ADMIN_USERNAME, ADMIN_PASSWORD);
  secrets.push(admin.access_token, admin.refresh_token);
  const asAdmin = { token: admin.access_token };
  // Many logins from one IP in a minute: raise the seeded login limit (rate_limit_policy_updated).
  const { policies } = await rest.expect(200, 'GET', '/api/v1/rate-limits', asAdmin);
  const login = (policies as Json[]).find((p) => p.endpoint_type === 'Login');
  await rest.expect(200, 'PUT', `/api/v1/rate-limits/${login.id}`, { ...asAdmin, json: { max_requests: 100000 } });

  const alice = await rest.expect(201, 'POST', '/api/v1/users', { ...asAdmin, json: { username: `alice_${tag}`, email: `alice_${tag}@example.com`, password: PASSWORDS.alice, roles: ['Developer'] } });
  const bob = await rest.expect(201, 'POST', '/api/v1/users', { ...asAdmin, json: { username: `bob_${tag}`, email: `bob_${tag}@example.com`, password: PASSWORDS.bob } });

  // Sessions: login, refresh (rotation), reuse of the rotated token, revoke, logout.
  const first = await rest.login(alice.username, PASSWORDS.alice);
  const rotated = await rest.expect(200, 'POST', '/api/v1/auth/refresh', { json: { refresh_token: first.refresh_token } });
  await rest.expect(401, 'POST', '/api/v1/auth/refresh', { json: { refresh_token: first.refresh_token } });
  const second = await rest.login(alice.username, PASSWORDS.alice);
  await rest.expect(200, 'POST', '/api/v1/auth/revoke', { json: { token: second.access_token } });
  const third = await rest.login(alice.username, PASSWORDS.alice);
  await rest.expect(200, 'POST', '/api/v1/auth/logout', { token: third.access_token });
  const session = await rest.login(alice.username, PASSWORDS.alice);
  secrets.push(...[first, rotated, second, third, session].flatMap((t) => [t.access_token, t.refresh_token]));
  const asAlice = { token: session.access_token };

  // API keys: create, rotate (with the key itself), revoke.
  const key = await rest.expect(201, 'POST', '/api/v1/api-keys', { ...asAlice, json: { name: 'siem-ci', expires_in_days: 30 } });
  const successor = await rest.expect(201, 'POST', '/api/v1/api-keys/rotate', { apiKey: key.key, json: { current_key: key.key, grace_period_seconds: 60 } });
  await rest.expect(200, 'DELETE', `/api/v1/api-keys/${successor.id}`, asAlice);
  secrets.push(key.key, successor.key);

  // Denials at the edge: 403 (a Developer deleting a user) and 401 (no credentials).
  await rest.expect(403, 'DELETE', `/api/v1/users/${bob.id}`, asAlice);
  await rest.expect(401, 'GET', '/api/v1/api-keys');

  // Users and roles: own password change, email change, deactivation, role assignment, revoke-all, deletion.
  await rest.expect(200, 'PUT', `/api/v1/users/${alice.id}`, { ...asAlice, json: { password: PASSWORDS.aliceNew, current_password: PASSWORDS.alice } });
  await rest.expect(200, 'PUT', `/api/v1/users/${alice.id}`, { ...asAdmin, json: { email: `alice.new_${tag}@example.com` } });
  await rest.expect(200, 'PUT', `/api/v1/users/${bob.id}`, { ...asAdmin, json: { is_active: false } });
  await rest.expect(200, 'PUT', `/api/v1/users/${alice.id}/roles`, { ...asAdmin, json: { roles: ['Developer', 'Read'] } });
  await rest.expect(200, 'POST', '/api/v1/auth/revoke-all', { ...asAdmin, json: { user_id: alice.id, reason: 'security_incident' } });
  await rest.expect(200, 'DELETE', `/api/v1/users/${bob.id}`, asAdmin);

  // Lockout: five failures lock the name, the sixth attempt is refused while locked (429), unlock; a manual lock.
  const ghost = `ghost_${tag}`;
  const attempts: number[] = [];
  while (attempts.length < 12 && !attempts.includes(429)) attempts.push((await rest.call('POST', '/api/v1/auth/login', { json: { username: ghost, password: 'Wrong!Password#123' } })).status);
  if (!attempts.includes(429) || attempts.some((s) => ![401, 429, 503].includes(s))) throw new Error(`lockout attempts answered ${attempts.join(',')}`);
  await rest.expect(200, 'DELETE', `/api/v1/lockouts/${ghost}`, asAdmin);
  await rest.expect(200, 'POST', `/api/v1/lockouts/${ghost}/lock`, { ...asAdmin, json: { reason: 'investigation' } });
  await rest.expect(200, 'DELETE', `/api/v1/lockouts/${ghost}`, asAdmin);

  // A tight policy on one path: the second and third request are 429 (edge event at once,
  // rate-limit service tally when the 2 s window ends); then the policy is updated and deleted.
  const tight = await rest.expect(201, 'POST', '/api/v1/rate-limits', { ...asAdmin, json: { name: `siem-${tag}`, endpoint_type: { Custom: '/api/v1/audit-logs/verify' }, max_requests: 1, window_secs: 2 } });
  const statuses = [];
  for (let i = 0; i < 3; i += 1) statuses.push((await rest.call('GET', '/api/v1/audit-logs/verify', asAdmin)).status);
  if (!statuses.includes(429)) throw new Error(`tight policy never answered 429: ${statuses.join(',')}`);
  await rest.expect(200, 'PUT', `/api/v1/rate-limits/${tight.id}`, { ...asAdmin, json: { max_requests: 2 } });
  await rest.expect(200, 'DELETE', `/api/v1/rate-limits/${tight.id}`, asAdmin);

  await grpcOnlyEvents(platform, rest, admin.user_id);
  await httpsRejection(platform, rest);
  return { secrets, tightPolicyId: tight.id };
}

/** Custom roles and on-demand signing-key rotation exist only over gRPC. */
async function grpcOnlyEvents(platform: Platform, rest: TaggedRest, adminId: string): Promise<void> {
  const context = () => ({ requestId: rest.nextRequestId(), actorUserId: adminId, actorUsername: ADMIN_USERNAME, ipAddress: '127.0.0.1', userAgent: 'qilbee-siem-test', actorApiKeyId: '' });
  const identity = createResilientClient(identityV1.IdentityServiceClient, platform.grpc.identity, { name: 'identity', deadlineMs: 10_000 });
  const auth = createResilientClient(authV1.AuthServiceClient, platform.grpc.auth, { name: 'auth', deadlineMs: 10_000 });
  try {
    const role = `SiemAuditor${rest.prefix.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 60);
    await identity.call('defineRole', { context: context(), name: role, permissions: ['AuditRead'] }, new Metadata());
    await identity.call('deleteRole', { context: context(), name: role }, new Metadata());
    await auth.call('rotateSigningKey', { context: context() }, new Metadata());
  } finally {
    identity.close();
    auth.close();
  }
}

/** A second edge that enforces HTTPS (loopback not exempt): a plain GET is redirected (308). */
async function httpsRejection(platform: Platform, rest: TaggedRest): Promise<void> {
  const secure = await platform.startEdge({ HTTPS_ENFORCE: 'true', HTTPS_ALLOW_LOCALHOST: 'false' });
  const plain = new TaggedRest(secure.url, `${rest.prefix}-https`);
  const reply = await plain.call('GET', '/api/v1/users');
  if (reply.status !== 308) throw new Error(`HTTPS enforcement answered ${reply.status}`);
}
