import { DomainError, type FieldViolation } from '@qilbee/kernel';
import { parseTimeBound } from '../domain/auditQuery';
import type { AuditRecordStore } from './ports';
import { recordToNdjsonLine } from './recordJson';

/**
 * Export of a timestamp range as NDJSON, in chain order, each line with its sequence, prev_hash and
 * hash so the export can be checked against the chain. Yields batches of lines to keep messages
 * small; bounds are validated before anything is read.
 */
export function exportNdjson(records: AuditRecordStore, input: { start_time?: string; end_time?: string }, linesPerBatch = 200): AsyncIterable<string> {
  const violations: FieldViolation[] = [];
  const start = parseTimeBound('start_time', input.start_time, violations);
  const end = parseTimeBound('end_time', input.end_time, violations);
  if (violations.length > 0) throw new DomainError('invalid_argument', 'start_time/end_time must be RFC 3339', 'invalid_range', violations);
  return (async function* batches() {
    let batch = '';
    let lines = 0;
    for await (const record of records.exportByTimestamp(start, end)) {
      batch += recordToNdjsonLine(record);
      lines += 1;
      if (lines >= linesPerBatch) {
        yield batch;
        batch = '';
        lines = 0;
      }
    }
    if (batch.length > 0) yield batch;
  })();
}
