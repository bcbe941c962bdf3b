#!/usr/bin/env node
// Recomputes the audit hash chain from audit records, independently of the audit service.
//
//   curl -s "$QILBEE_URL/api/v1/audit-logs?limit=1000" -H "Authorization: Bearer $TOKEN" | node verify-chain.js
//   gunzip -c .run/audit-archive/audit-000000000001-000000001000.ndjson.gz | node verify-chain.js
//
// Input: JSON pages of GET /api/v1/audit-logs ({"events": [...]}), or one record per line (the
// NDJSON of an archive or an export). Each record's hash is SHA-256 over the canonical JSON (keys
// sorted at every depth, no whitespace) of its eleven audit fields, transaction_time, sequence and
// prev_hash, where prev_hash is the previous record's hash (64 zeros before sequence 1). Archive
// lines carry prev_hash; REST entries do not, so a REST record is checked when its predecessor
// (sequence - 1) is in the input.
// Exits 1 on a mismatch, or when no record could be checked.
'use strict';
const { createHash } = require('node:crypto');
const fs = require('node:fs');

const GENESIS_HASH = '0'.repeat(64);
const AUDIT_FIELDS = ['event_id', 'event_type', 'timestamp', 'user_id', 'username', 'action', 'resource', 'result', 'ip_address', 'user_agent', 'metadata'];

function canonicalJson(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const keys = Object.keys(value).filter((key) => value[key] !== undefined).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
}

function hashOf(record, prevHash) {
  const hashed = {};
  for (const field of AUDIT_FIELDS) hashed[field] = record[field];
  Object.assign(hashed, { transaction_time: record.transaction_time, sequence: record.sequence, prev_hash: prevHash });
  return createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex');
}

const records = new Map();
for (const line of fs.readFileSync(0, 'utf8').split('\n')) {
  if (line.trim() === '') continue;
  const value = JSON.parse(line);
  for (const record of Array.isArray(value.events) ? value.events : [value]) records.set(record.sequence, record);
}

let checked = 0;
let unlinked = 0;
const broken = [];
for (const record of [...records.values()].sort((a, b) => a.sequence - b.sequence)) {
  const previous = records.get(record.sequence - 1);
  if (record.prev_hash !== undefined && previous && record.prev_hash !== previous.hash) broken.push(`${record.sequence} prev_hash_mismatch`);
  const prevHash = record.prev_hash ?? previous?.hash ?? (record.sequence === 1 ? GENESIS_HASH : undefined);
  if (prevHash === undefined) {
    unlinked += 1;
    continue;
  }
  if (hashOf(record, prevHash) !== record.hash) broken.push(`${record.sequence} hash_mismatch (${record.event_id})`);
  checked += 1;
}
for (const problem of broken) console.log(`broken: sequence ${problem}`);
console.log(`${checked} records verified, ${unlinked} without their predecessor in the input, ${broken.length} broken`);
process.exit(broken.length > 0 || checked === 0 ? 1 : 0);
