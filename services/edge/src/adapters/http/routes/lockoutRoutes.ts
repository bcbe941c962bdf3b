import { z } from '@qilbee/config';
import { DomainError, isDomainError } from '@qilbee/kernel';
import type { AuthPort } from '../../../app/ports';
import { problem } from '../../../domain/problems';
import { requestContext } from '../requestState';
import { lockoutJson } from '../representations';
import { sendProblem } from '../sendProblem';
import { validate } from '../validation';
import type { Handlers } from './types';

export const LockBody = z.object({ reason: z.string().max(512).optional() }).strict();

function username(params: Record<string, string>): string {
  const name = params.username ?? '';
  if (name.length === 0 || name.length > 256) {
    throw new DomainError('invalid_argument', 'Invalid username', 'validation_failed', [{ field: 'username', message: 'must be 1-256 characters' }]);
  }
  return name;
}

export function lockoutRoutes(auth: AuthPort): Handlers {
  return {
    'lockouts.list': async (_req, res) => {
      const response = await auth.listLockouts({});
      // QilbeeDB shape: a list of [username, status] pairs.
      const lockedUsers = response.lockedUsers.map((entry) => [entry.username, lockoutJson(entry.status)]);
      res.json({ locked_users: lockedUsers, count: lockedUsers.length });
    },

    'lockouts.get': async (_req, res, params) => {
      const name = username(params);
      const response = await auth.getLockoutStatus({ username: name });
      res.json({ username: response.username || name, status: lockoutJson(response.status) });
    },

    'lockouts.lock': async (req, res, params) => {
      const name = username(params);
      const input = validate(LockBody, req.body ?? {}, 'body');
      const response = await auth.lockAccount({ context: requestContext(req, res), username: name, reason: input.reason ?? '' });
      res.json({ success: true, message: `Account '${name}' has been locked`, status: lockoutJson(response.status) });
    },

    'lockouts.unlock': async (req, res, params) => {
      const name = username(params);
      try {
        await auth.unlockAccount({ context: requestContext(req, res), username: name });
      } catch (error) {
        if (!isDomainError(error) || error.code !== 'not_found') throw error;
        // The SDK returns this body as is, so it keeps QilbeeDB's `success: false`.
        sendProblem(res, problem(404, 'lockout_not_found', `No lockout record found for user '${name}'`, { success: false }));
        return;
      }
      res.json({ success: true, message: `Account '${name}' has been unlocked` });
    },
  };
}
