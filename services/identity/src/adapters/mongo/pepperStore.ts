import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { isDuplicateKey } from '@qilbee/event-store';
import type { Logger } from '@qilbee/logger';

interface SecretDoc {
  _id: string;
  value: string;
  createdAt: Date;
}

const PEPPER_ID = 'api_key_pepper';
const BASE64_PREFIX = 'base64:';

/**
 * API_KEY_PEPPER as bytes: `base64:<value>` is decoded, which is how a generated pepper (stored
 * base64 in `secrets`) moves into the variable without invalidating every key; anything else is
 * taken as UTF-8 text.
 */
export function configuredPepper(configured: string): Buffer {
  return configured.startsWith(BASE64_PREFIX) ? Buffer.from(configured.slice(BASE64_PREFIX.length), 'base64') : Buffer.from(configured, 'utf8');
}

/**
 * The API-key pepper: API_KEY_PEPPER when configured; otherwise one generated on first start and
 * kept in this database's `secrets` collection, so every instance (and every restart) agrees.
 * Instances starting together race on the unique _id and all read the winner's value.
 */
export async function resolvePepper(db: Db, configured: string | undefined, logger: Logger): Promise<Buffer> {
  if (configured) return configuredPepper(configured);
  const secrets = db.collection<SecretDoc>('secrets');
  const existing = await secrets.findOne({ _id: PEPPER_ID });
  if (existing) return Buffer.from(existing.value, 'base64');
  try {
    await secrets.insertOne({ _id: PEPPER_ID, value: randomBytes(32).toString('base64'), createdAt: new Date() });
    logger.warn('API_KEY_PEPPER is not set: generated an API key pepper and stored it in the identity database');
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const stored = await secrets.findOne({ _id: PEPPER_ID });
  if (!stored) throw new Error('API key pepper vanished after being stored');
  return Buffer.from(stored.value, 'base64');
}
