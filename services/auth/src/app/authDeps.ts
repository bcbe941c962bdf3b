import type { EventStore } from '@qilbee/event-store';
import type { Clock } from '@qilbee/kernel';
import type { TokenSettings } from './accessTokenIssuer';
import type { Lockouts } from './lockouts';
import type { IdentityPort } from './ports/identityPort';
import type { CommitHooks, SessionDirectory } from './ports/readModels';
import type { Revocations } from './revocations';
import type { Sessions } from './sessions';
import type { SigningKeys } from './signingKeys';
import type { TokenValidator } from '@qilbee/tokens';

/** Everything the use cases share; built once by createAuthApp. */
export interface AuthDeps {
  store: EventStore;
  clock: Clock;
  identity: IdentityPort;
  keys: SigningKeys;
  validator: TokenValidator;
  revocations: Revocations;
  sessions: Sessions;
  sessionDirectory: SessionDirectory;
  lockouts: Lockouts;
  hooks: CommitHooks;
  settings: TokenSettings;
}

/** What a successful login or refresh hands back (QilbeeDB field names at the edge). */
export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresInS: number;
  refreshToken: string;
  refreshExpiresInS: number;
  userId: string;
  username: string;
}
