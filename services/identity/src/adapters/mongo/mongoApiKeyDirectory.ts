import type { Db } from 'mongodb';
import { ReadModel, type EventStore } from '@qilbee/event-store';
import type { ApiKeyDirectory } from '../../app/ports';
import type { ApiKeyEvent } from '../../domain/apiKey/apiKeyEvents';
import type { ApiKeyState, IssuedApiKey } from '../../domain/apiKey/apiKeyState';
import { apiKeyDecider, apiKeyStreamId, API_KEY_STREAM_PREFIX } from '../../domain/apiKey/apiKeyDecider';

export const API_KEYS_COLLECTION = 'api_keys_view';

type KeyDoc = IssuedApiKey & { _id?: string; version?: number; deleted?: boolean };

function toKey(doc: KeyDoc | null): IssuedApiKey | null {
  if (!doc || doc.deleted) return null;
  const { _id, version, deleted, ...key } = doc;
  return key as IssuedApiKey;
}

/** The API keys read model: the folded state of every key, looked up by id, owner or keyed hash. */
export class MongoApiKeyDirectory implements ApiKeyDirectory {
  readonly model: ReadModel<ApiKeyEvent, ApiKeyState, IssuedApiKey>;

  constructor(db: Db, store: EventStore) {
    this.model = new ReadModel(db, store, {
      collection: API_KEYS_COLLECTION,
      streamPrefix: API_KEY_STREAM_PREFIX,
      decider: apiKeyDecider,
      toView: (_streamId, state) => (state.stage === 'Unissued' ? null : state),
    });
  }

  async ensureIndexes(): Promise<void> {
    await this.model.views.createIndex({ secretHash: 1 }, { name: 'secret_hash' });
    await this.model.views.createIndex({ userId: 1 }, { name: 'owner' });
    await this.model.views.createIndex({ stage: 1, expiresAtMs: 1 }, { name: 'expiry' });
  }

  project(streamId: string, state: ApiKeyState, version: number): Promise<void> {
    return this.model.project(streamId, state, version);
  }

  rebuild(): Promise<number> {
    return this.model.rebuild();
  }

  async get(keyId: string): Promise<IssuedApiKey | null> {
    return toKey((await this.model.views.findOne({ _id: apiKeyStreamId(keyId) } as never)) as KeyDoc | null);
  }

  async findBySecretHash(secretHash: string): Promise<IssuedApiKey | null> {
    return toKey((await this.model.views.findOne({ secretHash } as never)) as KeyDoc | null);
  }

  async listByUser(userId: string): Promise<IssuedApiKey[]> {
    const docs = await this.model.views.find({ userId } as never).sort({ _id: 1 }).toArray();
    return docs.map((doc) => toKey(doc as unknown as KeyDoc)).filter((k): k is IssuedApiKey => k !== null);
  }

  async dueForExpiry(nowMs: number, limit: number): Promise<string[]> {
    const docs = await this.model.views
      .find({ stage: 'Active', expiresAtMs: { $ne: null, $lte: nowMs } } as never, { projection: { keyId: 1 } })
      .limit(limit)
      .toArray();
    return docs.map((doc) => (doc as unknown as { keyId: string }).keyId);
  }
}
