import { conformance } from '../../services/edge/src/testing/openApiRecorder';
import { ADMIN_PASSWORD, ADMIN_USERNAME } from './platform';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply {
  status: number;
  headers: Headers;
  body: Json;
}

/** A tiny REST client for e2e flows: JSON in, JSON (or text) out, never throws on 4xx/5xx. */
export class Api {
  /** Responses of documented routes that did not match /openapi.json (checked on every call). */
  readonly conformanceErrors: string[] = [];

  constructor(readonly baseUrl: string) {}

  async call(method: string, path: string, options: { token?: string; apiKey?: string; json?: unknown; headers?: Record<string, string>; rawBody?: string } = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.apiKey) headers['x-api-key'] = options.apiKey;
    let body: string | undefined = options.rawBody;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    if (method !== 'OPTIONS' && res.status !== 308) this.conformanceErrors.push(...(await conformance(method, `${this.baseUrl}${path}`, res)));
    const text = await res.text();
    let parsed: Json = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  async login(username: string, password: string): Promise<Json> {
    const reply = await this.call('POST', '/api/v1/auth/login', { json: { username, password } });
    if (reply.status !== 200) throw new Error(`login ${username}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  loginAdmin(): Promise<Json> {
    return this.login(ADMIN_USERNAME, ADMIN_PASSWORD);
  }
}

/** Raises the seeded login policy so that a test suite's many logins from 127.0.0.1 are not throttled. */
export async function relaxLoginLimit(api: Api, adminToken: string): Promise<void> {
  const list = await api.call('GET', '/api/v1/rate-limits', { token: adminToken });
  for (const policy of list.body.policies as Json[]) {
    if (policy.endpoint_type === 'Login' || policy.endpoint_type === 'ApiKeyCreation') {
      const reply = await api.call('PUT', `/api/v1/rate-limits/${policy.id}`, { token: adminToken, json: { max_requests: 100000 } });
      if (reply.status !== 200) throw new Error(`relax ${policy.name}: ${reply.status} ${JSON.stringify(reply.body)}`);
    }
  }
}
