import { identityV1 } from '@qilbee/contracts';
import { assertNever } from '@qilbee/kernel';
import type { IdentityApp } from '../../app/identityApp';
import type { KeyOutcome } from '../../app/apiKeys/verifyApiKey';
import { toCallContext } from '../../app/callContext';
import { toProtoApiKey, toProtoPrincipal } from './toProto';

const Outcome = identityV1.VerifyApiKeyResponse_Outcome;

export function toVerifyResponse(outcome: KeyOutcome): identityV1.VerifyApiKeyResponse {
  switch (outcome.code) {
    case 'valid':
      return { outcome: Outcome.OUTCOME_VALID, principal: toProtoPrincipal(outcome.principal), keyId: outcome.keyId };
    case 'not_found':
      return { outcome: Outcome.OUTCOME_NOT_FOUND, keyId: '' };
    case 'malformed':
      return { outcome: Outcome.OUTCOME_MALFORMED, keyId: '' };
    case 'revoked':
      return { outcome: Outcome.OUTCOME_REVOKED, keyId: outcome.keyId };
    case 'expired':
      return { outcome: Outcome.OUTCOME_EXPIRED, keyId: outcome.keyId };
    case 'disabled_owner':
      return { outcome: Outcome.OUTCOME_DISABLED_OWNER, keyId: outcome.keyId };
    default:
      return assertNever(outcome);
  }
}

/** API key RPCs. The secret leaves only in Create/Rotate responses, exactly once. */
export function apiKeyHandlers(app: IdentityApp) {
  return {
    createApiKey: async (req: identityV1.CreateApiKeyRequest) => {
      const created = await app.createApiKey(toCallContext(req.context), { name: req.name, expiresInDays: req.expiresInDays, permissions: req.permissions });
      return { key: created.secret, apiKey: toProtoApiKey(created.view) };
    },
    listApiKeys: async (req: identityV1.ListApiKeysRequest) => ({
      keys: (await app.listApiKeys(toCallContext(req.context), req.userId, req.includeRevoked)).map(toProtoApiKey),
    }),
    revokeApiKey: async (req: identityV1.RevokeApiKeyRequest) => {
      await app.revokeApiKey(toCallContext(req.context), req.keyId);
      return {};
    },
    rotateApiKey: async (req: identityV1.RotateApiKeyRequest) => {
      const rotated = await app.rotateApiKey(toCallContext(req.context), {
        currentKey: req.currentKey,
        newName: req.newName,
        expiresInDays: req.expiresInDays,
        gracePeriodSeconds: req.gracePeriodSeconds,
      });
      return { key: rotated.secret, apiKey: toProtoApiKey(rotated.view) };
    },
    verifyApiKey: async (req: identityV1.VerifyApiKeyRequest) => toVerifyResponse(await app.verifyApiKey(req.key)),
  };
}
