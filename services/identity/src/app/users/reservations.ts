import { DomainError } from '@qilbee/kernel';
import { fold } from '@qilbee/event-store';
import type { IdentityDeps } from '../deps';
import { userDecider, userStreamId } from '../../domain/user/userDecider';
import { emailKey, usernameKey } from '../../domain/user/userRules';

/**
 * Username and email uniqueness without transactions: a reservation document whose `_id` is the
 * normalised name is inserted before the user's event is appended (the unique _id decides a race),
 * and released if the append fails. A reservation can outlive a crash between the two writes; it
 * is then stale (its owner's stream does not hold it) and may be taken over after a grace period.
 */
export const RESERVATION_GRACE_MS = 30_000;

export function usernameReservation(username: string): string {
  return usernameKeyReservation(usernameKey(username));
}

/** The reservation of an already normalised username key. */
export function usernameKeyReservation(key: string): string {
  return `username:${key}`;
}

export function emailReservation(email: string): string {
  return `email:${emailKey(email)}`;
}

/** A user may have no email (the QilbeeDB SDK creates users without one): nothing to reserve then. */
export function emailReservations(email: string): string[] {
  return email === '' ? [] : [emailReservation(email)];
}

/** True when the holder's own history still claims the key (deleted users keep their username). */
async function holderStillClaims(deps: IdentityDeps, key: string, ownerId: string): Promise<boolean> {
  const state = fold(userDecider, await deps.store.readStream(userStreamId(ownerId)));
  if (state.stage === 'Unregistered') return false;
  if (key.startsWith('username:')) return usernameReservation(state.username) === key;
  return state.stage !== 'Deleted' && emailReservation(state.email) === key;
}

async function reserveOnce(deps: IdentityDeps, key: string, ownerId: string): Promise<boolean> {
  const nowMs = deps.clock.nowMs();
  if ((await deps.reservations.reserve(key, ownerId, nowMs)) === 'reserved') return true;
  const holder = await deps.reservations.holder(key);
  if (!holder) return (await deps.reservations.reserve(key, ownerId, nowMs)) === 'reserved';
  if (nowMs - holder.reservedAtMs < RESERVATION_GRACE_MS) return false;
  if (await holderStillClaims(deps, key, holder.ownerId)) return false;
  deps.logger.warn({ reservation: key.split(':')[0] }, 'taking over a stale reservation left by a crash');
  return deps.reservations.takeOver(key, holder.ownerId, ownerId, nowMs);
}

function duplicate(key: string): DomainError {
  const field = key.startsWith('username:') ? 'username' : 'email';
  return new DomainError('already_exists', `A user with this ${field} already exists`, `duplicate_${field}`, [{ field, message: 'already taken' }]);
}

/** Reserves every key for `ownerId` or none: on the first conflict, the others are released. */
export async function reserveAll(deps: IdentityDeps, keys: string[], ownerId: string): Promise<void> {
  const held: string[] = [];
  for (const key of keys) {
    if (await reserveOnce(deps, key, ownerId)) {
      held.push(key);
      continue;
    }
    await releaseAll(deps, held, ownerId);
    throw duplicate(key);
  }
}

export async function releaseAll(deps: IdentityDeps, keys: string[], ownerId: string): Promise<void> {
  for (const key of keys) {
    await deps.reservations.release(key, ownerId).catch((error: unknown) => deps.logger.warn({ err: error }, 'reservation release failed; it will be reclaimed as stale'));
  }
}
