import type { Collection, Document } from 'mongodb';

export interface RecordedQueries {
  /** Filters of every find (findOne included) and every aggregate pipeline since the last reset. */
  readonly queries: Document[];
  /** Queries other than an `_id` equality: on FerretDB each one scans the whole collection. */
  scans(): Document[];
  reset(): void;
}

/**
 * Used by this package's tests: records the reads a collection object serves, so a test can prove
 * which reads were made (and which were not) without timing anything.
 */
export function recordQueries<T extends Document>(collection: Collection<T>): RecordedQueries {
  const queries: Document[] = [];
  // Patched on this collection object only; typed loosely since the filter is passed through as is.
  const target = collection as unknown as Collection<Document>;
  const find = target.find.bind(target);
  const aggregate = target.aggregate.bind(target);
  Object.assign(target, {
    find: (filter: Document = {}, options?: Document) => {
      queries.push(filter);
      return find(filter, options);
    },
    aggregate: (pipeline: Document[] = [], options?: Document) => {
      queries.push({ $pipeline: pipeline });
      return aggregate(pipeline, options);
    },
  });
  return {
    queries,
    scans: () => queries.filter((filter) => !isIdEquality(filter)),
    reset: () => {
      queries.length = 0;
    },
  };
}

function isIdEquality(filter: Document): boolean {
  const keys = Object.keys(filter);
  const id: unknown = filter._id;
  return keys.length === 1 && keys[0] === '_id' && (typeof id === 'string' || typeof id === 'number');
}
