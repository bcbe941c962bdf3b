import { z } from '@qilbee/config';
import { WHITESPACE_CHARACTERS, type ratelimitV1 } from '@qilbee/contracts';
import type { RateLimitPort } from '../../../app/ports';
import { requestContext } from '../requestState';
import { policyJson } from '../representations';
import { body, text } from '../validation';
import type { Handlers } from './types';

/** QilbeeDB's endpoint types: a bare name, or {"Custom": "/path"} for a path-segment prefix. */
const endpointType = z.union([
  z.enum(['Login', 'ApiKeyCreation', 'UserManagement', 'GeneralApi']),
  z.object({ Custom: z.string().min(1).max(512).regex(new RegExp(`^/[^${WHITESPACE_CHARACTERS}?#]*$`), 'must be a path starting with /, without whitespace, ? or #') }).strict(),
]);

const fields = {
  name: text(128).regex(new RegExp(`[^${WHITESPACE_CHARACTERS}]`), 'must not be blank'),
  endpoint_type: endpointType,
  // The rate-limit service's bounds (limit x window in ms stays an exact integer).
  max_requests: z.number().int().min(1).max(1_000_000),
  window_secs: z.number().int().min(1).max(7 * 86_400),
  enabled: z.boolean(),
  overrides: z.record(z.string().min(1).max(256), z.number().int().min(1).max(1_000_000)),
  fail_open: z.boolean(),
};

export const CreatePolicyBody = z
  .object({ ...fields, enabled: fields.enabled.optional(), overrides: fields.overrides.optional(), fail_open: fields.fail_open.optional() })
  .strict();

/** PUT takes any subset (the SDK never sends endpoint_type). */
export const UpdatePolicyBody = z.object(fields).partial().strict();

function splitType(value: z.infer<typeof endpointType>): { endpointType: string; customPath: string } {
  return typeof value === 'string' ? { endpointType: value, customPath: '' } : { endpointType: 'Custom', customPath: value.Custom };
}

export function rateLimitRoutes(ratelimit: RateLimitPort): Handlers {
  return {
    'rateLimits.create': async (req, res) => {
      const input = body(CreatePolicyBody, req.body);
      const response = await ratelimit.createPolicy({
        context: requestContext(req, res),
        name: input.name,
        ...splitType(input.endpoint_type),
        maxRequests: input.max_requests,
        windowSecs: input.window_secs,
        enabled: input.enabled ?? true,
        overrides: input.overrides ?? {},
        failOpen: input.fail_open,
      });
      res.status(201).json(policyJson(response.policy));
    },

    'rateLimits.list': async (_req, res) => {
      const response = await ratelimit.listPolicies({});
      res.json({ policies: response.policies.map(policyJson) });
    },

    'rateLimits.get': async (_req, res, params) => {
      const response = await ratelimit.getPolicy({ policyId: params.policy_id ?? '' });
      res.json(policyJson(response.policy));
    },

    'rateLimits.update': async (req, res, params) => {
      const input = body(UpdatePolicyBody, req.body);
      const type = input.endpoint_type === undefined ? {} : splitType(input.endpoint_type);
      const request: ratelimitV1.UpdatePolicyRequest = {
        context: requestContext(req, res),
        policyId: params.policy_id ?? '',
        name: input.name,
        ...type,
        maxRequests: input.max_requests,
        windowSecs: input.window_secs,
        enabled: input.enabled,
        overrides: input.overrides ?? {},
        replaceOverrides: input.overrides !== undefined,
        failOpen: input.fail_open,
      };
      const response = await ratelimit.updatePolicy(request);
      res.json(policyJson(response.policy));
    },

    'rateLimits.delete': async (req, res, params) => {
      await ratelimit.deletePolicy({ context: requestContext(req, res), policyId: params.policy_id ?? '' });
      res.json({ success: true, message: 'Rate limit policy deleted' });
    },
  };
}
