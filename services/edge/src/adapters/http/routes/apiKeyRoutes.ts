import { z } from '@qilbee/config';
import type { ApiKeyVerifier } from '../../../app/apiKeyVerifier';
import type { IdentityPort } from '../../../app/ports';
import { requestContext } from '../requestState';
import { apiKeyJson, createdKeyJson } from '../representations';
import { body, queryParams, text, validate } from '../validation';
import type { Handlers } from './types';

const days = z.number().int().min(1).max(3650);

export const CreateKeyBody = z
  .object({ name: text(128), expires_in_days: days.optional(), permissions: z.array(z.string().min(1).max(64)).max(64).optional() })
  .strict();

export const RotateKeyBody = z
  .object({
    current_key: z.string().min(1).max(256),
    new_name: text(128).optional(),
    expires_in_days: days.optional(),
    grace_period_seconds: z.number().int().min(0).max(30 * 86_400).optional(),
  })
  .strict();

export const ListKeysQuery = z.object({ user_id: z.string().max(64).optional(), include_revoked: z.enum(['true', 'false']).optional() }).strict();

export function apiKeyRoutes(identity: IdentityPort, keys: ApiKeyVerifier): Handlers {
  return {
    'apiKeys.create': async (req, res) => {
      const input = body(CreateKeyBody, req.body);
      const response = await identity.createApiKey({
        context: requestContext(req, res),
        name: input.name,
        expiresInDays: input.expires_in_days,
        permissions: input.permissions ?? [],
      });
      res.status(201).json(createdKeyJson(response.key, response.apiKey));
    },

    'apiKeys.list': async (req, res) => {
      const query = validate(ListKeysQuery, queryParams(req.query), 'query');
      const response = await identity.listApiKeys({
        context: requestContext(req, res),
        userId: query.user_id ?? '',
        includeRevoked: query.include_revoked === 'true',
      });
      const listed = response.keys.map(apiKeyJson);
      // `keys` for SDK 0.2.1, `api_keys` for 0.2.0: the same array under both names.
      res.json({ keys: listed, api_keys: listed });
    },

    'apiKeys.rotate': async (req, res) => {
      const input = body(RotateKeyBody, req.body);
      const response = await identity.rotateApiKey({
        context: requestContext(req, res),
        currentKey: input.current_key,
        newName: input.new_name,
        expiresInDays: input.expires_in_days,
        gracePeriodSeconds: input.grace_period_seconds ?? 0,
      });
      if (!input.grace_period_seconds) keys.evictSecret(input.current_key);
      res.status(201).json(createdKeyJson(response.key, response.apiKey));
    },

    'apiKeys.revoke': async (req, res, params) => {
      const keyId = params.key_id ?? '';
      await identity.revokeApiKey({ context: requestContext(req, res), keyId });
      keys.evictKey(keyId);
      res.json({ success: true, message: 'API key revoked' });
    },
  };
}
