import { MongoServerError } from 'mongodb';

/** E11000: a unique index (or `_id`) refused the write. */
export function isDuplicateKey(error: unknown): boolean {
  if (error instanceof MongoServerError) return error.code === 11000;
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
