import { exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';
import { fold, handleCommand, type EventStore } from '@qilbee/event-store';
import { uuidv7, type Clock } from '@qilbee/kernel';
import { currentKey, keyRingDecider, publishedKeys, type KeyRingState, type SigningAlgorithm } from '../domain/signingKeys/keyRing';
import type { SigningKeyVault } from './ports/signingKeyVault';
import type { CommitHooks } from './ports/readModels';
import { publicEvent } from './publicEvents';
import { eventMetadata, type RequestContext } from './requestContext';
import type { JwksDocument } from '@qilbee/tokens';

export const KEYRING_STREAM = 'signing-keyring';

export interface SigningKeysOptions {
  store: EventStore;
  vault: SigningKeyVault;
  hooks: CommitHooks;
  clock: Clock;
  alg: SigningAlgorithm;
  rotationIntervalMs: number;
  /** How long a retired key stays published: the access token lifetime plus clock skew. */
  overlapMs: number;
}

export interface ActiveSigner {
  kid: string;
  alg: SigningAlgorithm;
  key: KeyLike | Uint8Array;
}

/**
 * The key ring: one current signing key, the previous ones published until their tokens expire.
 * Private keys live in the vault; the event stream holds only public keys, so a rotation made by
 * one instance is picked up by the others when they reload the stream.
 */
export class SigningKeys {
  private state: KeyRingState = keyRingDecider.initialState;
  private signer: ActiveSigner | undefined;

  constructor(private readonly options: SigningKeysOptions) {}

  /** Re-reads the ring and loads the current private key if it changed. */
  async reload(): Promise<void> {
    this.state = fold(keyRingDecider, await this.options.store.readStream(KEYRING_STREAM));
    const current = currentKey(this.state);
    if (!current || this.signer?.kid === current.kid) return;
    const privateJwk = await this.options.vault.get(current.kid);
    if (!privateJwk) throw new Error(`private key ${current.kid} is missing from the vault`);
    this.signer = { kid: current.kid, alg: current.alg, key: await importJWK(privateJwk, current.alg) };
  }

  /** Creates the first key, or rotates when the current one is older than the interval. */
  rotateIfDue(context: RequestContext): Promise<string | undefined> {
    return this.rotate(context, this.options.rotationIntervalMs);
  }

  /** Rotates now (RotateSigningKey); returns the kid that signs from now on. */
  async rotateNow(context: RequestContext): Promise<string> {
    await this.rotate(context, null);
    const current = currentKey(this.state);
    if (!current) throw new Error('no signing key after rotation');
    return current.kid;
  }

  activeSigner(): ActiveSigner {
    if (!this.signer) throw new Error('signing keys not loaded');
    return this.signer;
  }

  jwks(): JwksDocument {
    const keys = publishedKeys(this.state, this.options.clock.nowMs(), this.options.overlapMs);
    return { keys: keys.map((key) => ({ ...key.publicJwk, kid: key.kid, alg: key.alg, use: 'sig' }) as JWK) };
  }

  private async rotate(context: RequestContext, onlyIfOlderThanMs: number | null): Promise<string | undefined> {
    const nowMs = this.options.clock.nowMs();
    const current = currentKey(this.state);
    if (current && onlyIfOlderThanMs !== null && nowMs - current.activatedAtMs < onlyIfOlderThanMs) return undefined;
    const kid = uuidv7(nowMs);
    const { alg } = this.options;
    const pair = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519', extractable: true } : { extractable: true });
    await this.options.vault.put(kid, { ...(await exportJWK(pair.privateKey)), kid, alg });
    const publicJwk = { ...(await exportJWK(pair.publicKey)) } as Record<string, unknown>;
    const result = await handleCommand(this.options.store, KEYRING_STREAM, keyRingDecider, { type: 'ActivateSigningKey', kid, alg, publicJwk, nowMs, onlyIfOlderThanMs }, {
      appendOptions: (events) => ({
        metadata: eventMetadata(context),
        publications: events.map((event) =>
          publicEvent({
            type: 'signing_key_rotated',
            atMs: nowMs,
            context,
            subject: kid,
            action: 'rotate_signing_key',
            resource: `signing_key:${kid}`,
            result: 'success',
            metadata: { kid, alg, previous_kid: event.data.previousKid, trigger: onlyIfOlderThanMs === null ? 'on_demand' : 'schedule' },
          }),
        ),
      }),
    });
    if (result.events.length === 0) await this.options.vault.remove(kid);
    else await this.options.hooks.committed(KEYRING_STREAM, result.version - result.events.length + 1);
    await this.reload();
    return result.events.length === 0 ? undefined : kid;
  }
}
