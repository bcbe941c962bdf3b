import { generateKeyPairSync } from 'node:crypto';
import { toCloudEvent, type AuditFields } from '@qilbee/contracts';
import { uuidv7 } from '@qilbee/kernel';
import { signingKeyFrom, type SigningKey, type TrustedKeys } from '../domain/signature';

/** A valid audit event; `n` varies the user and time so filters and ordering have something to bite. */
export function auditEvent(n: number, overrides: Partial<AuditFields> = {}): AuditFields {
  return {
    event_id: uuidv7(),
    event_type: 'login',
    timestamp: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
    user_id: `user-${n % 5}`,
    username: `alice${n % 5}`,
    action: 'login',
    resource: 'authentication',
    result: 'success',
    ip_address: `10.0.0.${n % 7}`,
    user_agent: 'jest',
    metadata: { n },
    ...overrides,
  };
}

/** The Kafka record value a producing service would publish for `event`. */
export function cloudEventValue(event: AuditFields, service = 'auth'): string {
  return JSON.stringify(toCloudEvent(service, event.user_id ?? event.ip_address ?? 'anonymous', event));
}

export function testSigningKey(): { signingKey: SigningKey; trustedKeys: TrustedKeys } {
  const signingKey = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);
  return { signingKey, trustedKeys: new Map([[signingKey.keyId, signingKey.publicKey]]) };
}
