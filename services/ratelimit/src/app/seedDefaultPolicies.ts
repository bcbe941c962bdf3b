import { isDomainError } from '@qilbee/kernel';
import type { Logger } from '@qilbee/logger';
import { DEFAULT_POLICIES } from '../domain/defaultPolicies';
import type { PolicyService } from './managePolicies';

/**
 * Creates the default policies through the normal command path, so they are events, appear in the
 * list and can be edited. Idempotent: a default that exists (or was deleted by an admin) is skipped.
 */
export async function seedDefaultPolicies(policies: PolicyService, logger: Logger): Promise<number> {
  let created = 0;
  for (const seed of DEFAULT_POLICIES) {
    try {
      await policies.create(seed.input, { actorUsername: 'system' }, seed.id);
      created += 1;
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'already_exists') throw error;
    }
  }
  if (created > 0) logger.info({ created }, 'default rate-limit policies seeded');
  return created;
}
