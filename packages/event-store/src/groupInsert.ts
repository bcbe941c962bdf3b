import { BSON, MongoBulkWriteError, MongoInvalidArgumentError, type WriteError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';
import { isDuplicateKey } from './duplicateKey';

/** One document of a group refused on its own (a duplicate key, typically); the others went in. */
export class RefusedInsert extends Error {
  constructor(
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'RefusedInsert';
  }
}

interface Waiting<T> {
  doc: OptionalUnlessRequiredId<T>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for single-document inserts into one collection. While an insert is in flight,
 * the documents that arrive wait and then go together, as one unordered `insertMany`. A lone
 * caller pays exactly the insert it asked for (no timer, no added latency); concurrent callers
 * share round trips, which is what a store answering each command in about a millisecond
 * (FerretDB on SQLite) needs for throughput.
 *
 * Each caller gets the outcome of its own document: unordered, so a refused document does not
 * hold back the others, and the driver reports each refusal by the document's index (rejected
 * with a RefusedInsert carrying the server's code, so `isDuplicateKey` still recognises it).
 * An error that is not about one document (the connection, a write concern) rejects the whole
 * group: as with any failed insert, those documents may or may not have been written.
 */
export class GroupInsert<T extends Document> {
  private waiting: Array<Waiting<T>> = [];
  private flushing = false;

  constructor(
    private readonly collection: Collection<T>,
    private readonly maxGroup = 500,
  ) {}

  insert(doc: OptionalUnlessRequiredId<T>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ doc, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.waiting.length > 0) await this.write(this.waiting.splice(0, this.maxGroup));
    } finally {
      this.flushing = false;
    }
  }

  private async write(group: Array<Waiting<T>>): Promise<void> {
    try {
      if (group.length === 1) await this.collection.insertOne((group[0] as Waiting<T>).doc);
      else await this.collection.insertMany(group.map((waiting) => waiting.doc), { ordered: false });
    } catch (error) {
      // The driver refused the group before sending it (one document too large, say): nothing
      // was written, so each document goes alone and only the bad one fails.
      if (group.length > 1 && refusedBeforeSending(error)) {
        for (const waiting of group) await this.write([waiting]);
        return;
      }
      settleEach(group, error);
      return;
    }
    for (const waiting of group) waiting.resolve();
  }
}

/**
 * Raised by the driver before anything was sent, so nothing of that insert was written: an
 * invalid argument (a document over the size limit in a group), a BSON error, or the RangeError
 * that serializing one oversized document throws.
 */
function refusedBeforeSending(error: unknown): boolean {
  const isRangeError = typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'RangeError'; // any realm's
  return error instanceof MongoInvalidArgumentError || error instanceof BSON.BSONError || isRangeError;
}

/** Whether an insert that failed this way certainly wrote nothing (else it may have). */
export function certainlyNotWritten(error: unknown): boolean {
  return error instanceof RefusedInsert || isDuplicateKey(error) || refusedBeforeSending(error);
}

function settleEach<T>(group: Array<Waiting<T>>, error: unknown): void {
  const writeErrors = perDocumentErrors(error);
  if (group.length === 1 || writeErrors.length === 0) {
    for (const waiting of group) waiting.reject(error);
    return;
  }
  const refused = new Map<number, RefusedInsert>();
  for (const writeError of writeErrors) {
    refused.set(writeError.index, new RefusedInsert(writeError.code, writeError.errmsg ?? 'insert refused'));
  }
  // Every document of an unordered insert was attempted: those without an error were written.
  for (const [index, waiting] of group.entries()) {
    const refusal = refused.get(index);
    if (refusal) waiting.reject(refusal);
    else waiting.resolve();
  }
}

/**
 * The refusals of single documents, when that is all the error is. The driver also wraps a lost
 * connection or a write-concern failure in a MongoBulkWriteError, with no write errors: then
 * nothing is known of any document.
 */
function perDocumentErrors(error: unknown): WriteError[] {
  if (!(error instanceof MongoBulkWriteError) || error.result.getWriteConcernError()) return [];
  const writeErrors: WriteError | readonly WriteError[] | undefined = error.writeErrors;
  if (!writeErrors) return [];
  return Array.isArray(writeErrors) ? [...(writeErrors as readonly WriteError[])] : [writeErrors as WriteError];
}
