import { DomainError } from '@qilbee/kernel';
import type { IdentityDeps } from '../deps';
import { requirePermission, requireSelfOr, type Actor } from '../actor';
import { requireUser, viewOf, withLastLogins, type UserView } from './userView';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export async function getUser(deps: IdentityDeps, actor: Actor, userId: string): Promise<UserView> {
  requireSelfOr(actor, userId, 'UserRead');
  return viewOf(deps, await requireUser(deps, userId));
}

export interface ListUsersInput {
  limit: number;
  cursor: string;
  role: string;
  status: string;
}

function encodeCursor(userId: string): string {
  return Buffer.from(userId, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string | undefined {
  if (!cursor) return undefined;
  const userId = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(userId)) throw new DomainError('invalid_argument', 'Invalid cursor', 'invalid_argument', [{ field: 'cursor', message: 'invalid' }]);
  return userId;
}

function stageFilter(status: string): 'Active' | 'Disabled' | undefined {
  if (status === '' || status === 'all') return undefined;
  if (status === 'active') return 'Active';
  if (status === 'inactive') return 'Disabled';
  throw new DomainError('invalid_argument', 'status must be active, inactive or empty', 'invalid_argument', [{ field: 'status', message: 'invalid' }]);
}

/** Users in creation order (ids are UUIDv7), one page after the cursor. */
export async function listUsers(deps: IdentityDeps, actor: Actor, input: ListUsersInput): Promise<{ users: UserView[]; nextCursor: string }> {
  requirePermission(actor, 'UserRead');
  const limit = Math.min(input.limit > 0 ? input.limit : DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const page = await deps.users.list({ limit: limit + 1, afterUserId: decodeCursor(input.cursor), role: input.role || undefined, stage: stageFilter(input.status) });
  const users = page.slice(0, limit);
  const last = users[users.length - 1];
  return { users: await withLastLogins(deps, users), nextCursor: page.length > limit && last ? encodeCursor(last.userId) : '' };
}
