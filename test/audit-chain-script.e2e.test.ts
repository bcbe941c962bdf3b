import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { AuditFields } from '@qilbee/contracts';
import { uuidv7 } from '@qilbee/kernel';
import { recordToJson, recordToNdjsonLine } from '../services/audit/src/app/recordJson';
import { chainRecords } from '../services/audit/src/domain/hashChain';
import { GENESIS_LINK } from '../services/audit/src/domain/auditRecord';

const SCRIPT = path.resolve(__dirname, '../docs/examples/audit/verify-chain.js');

function verify(input: string): { code: number | null; output: string } {
  const run = spawnSync(process.execPath, [SCRIPT], { input, encoding: 'utf8' });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

function event(i: number): AuditFields {
  return {
    event_id: uuidv7(), event_type: i % 2 ? 'login' : 'api_key_created', timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    user_id: i % 3 ? uuidv7() : null, username: i % 3 ? `user${i}` : null, action: 'login', resource: `user:${i}`, result: 'success',
    ip_address: '203.0.113.7', user_agent: null, metadata: { request_id: `r${i}`, nested: { b: [1, 'x', null], a: true }, ünïcode: 'é' },
  };
}

/**
 * docs/examples/audit/verify-chain.js recomputes the audit service's own hash chain: records made
 * by the service's chainRecords, in the archive form (with prev_hash) and in the REST form
 * (without), verify; an edited member, a removed record's neighbour link or a swapped pair fail.
 */
describe('docs/examples/audit/verify-chain.js', () => {
  const records = chainRecords(Array.from({ length: 12 }, (_, i) => event(i)), GENESIS_LINK, '2026-01-01T00:01:00.000Z');
  const archive = records.map(recordToNdjsonLine).join('');
  const restPage = JSON.stringify({
    events: records.map((r) => {
      const { prev_hash: _prev, ...entry } = recordToJson(r);
      return entry;
    }).reverse(),
  });

  it('verifies an archive (NDJSON with prev_hash) and a REST page (without), from genesis', () => {
    expect(verify(archive)).toEqual({ code: 0, output: '12 records verified, 0 without their predecessor in the input, 0 broken\n' });
    expect(verify(restPage)).toEqual({ code: 0, output: '12 records verified, 0 without their predecessor in the input, 0 broken\n' });
  });

  it('names an edited record, and a record whose predecessor was replaced', () => {
    const edited = records.map((r) => (r.sequence === 5 ? { ...r, result: 'failure' } : r));
    expect(verify(edited.map((r) => `${JSON.stringify(r)}\n`).join(''))).toMatchObject({ code: 1, output: expect.stringContaining('broken: sequence 5 hash_mismatch') });
    const forged = records.map((r) => (r.sequence === 7 ? { ...r, hash: 'f'.repeat(64) } : r));
    expect(verify(forged.map((r) => `${JSON.stringify(r)}\n`).join('')).output).toContain('broken: sequence 8 prev_hash_mismatch');
  });

  it('fails when nothing could be checked', () => {
    const lonely = records.filter((r) => r.sequence === 6).map((r) => ({ ...recordToJson(r), prev_hash: undefined }));
    expect(verify(JSON.stringify({ events: lonely })).code).toBe(1);
  });
});
