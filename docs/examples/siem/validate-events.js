#!/usr/bin/env node
// Validates Qilbee security events read from Kafka against the published JSON Schemas.
//
//   kcat -b "$KAFKA" -C -t security.auth.v1 -e -q -f '%k\t%s\n' | node validate-events.js
//   kcat -b "$KAFKA" -C -t security.dead-letter.v1 -e -q -f '%s\n' | node validate-events.js --dead-letter
//
// One record per line: the value, optionally preceded by the record key and a tab. Besides the
// schema it checks what JSON Schema cannot say: id equals data.event_id, time equals
// data.timestamp, and the record key (when given) equals subject. Prints one line per invalid
// record and a summary; exits 1 when a record is invalid or none was read.
// Needs ajv@8 and ajv-formats@3 (npm install ajv ajv-formats).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const SCHEMA_DIR = process.env.QILBEE_SCHEMA_DIR || path.resolve(__dirname, '../../schemas');
const deadLetters = process.argv.includes('--dead-letter');
const schemaFile = deadLetters ? 'dead-letter.schema.json' : 'security-event.schema.json';

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, schemaFile), 'utf8')));

function problemsOf(key, value) {
  let record;
  try {
    record = JSON.parse(value);
  } catch {
    return ['not JSON'];
  }
  if (!validate(record)) {
    return validate.errors
      .filter((e) => !['if', 'oneOf', 'anyOf', 'allOf'].includes(e.keyword))
      .map((e) => `${e.instancePath || '/'} ${e.message}`);
  }
  if (deadLetters) return [];
  const problems = [];
  if (record.id !== record.data.event_id) problems.push('id differs from data.event_id');
  if (record.time !== record.data.timestamp) problems.push('time differs from data.timestamp');
  if (key !== undefined && key !== record.subject) problems.push(`record key ${key} differs from subject ${record.subject}`);
  return problems;
}

const lines = fs.readFileSync(0, 'utf8').split('\n').filter((line) => line.trim() !== '');
let invalid = 0;
for (const line of lines) {
  const tab = line.startsWith('{') ? -1 : line.indexOf('\t');
  const key = tab >= 0 ? line.slice(0, tab) : undefined;
  const value = tab >= 0 ? line.slice(tab + 1) : line;
  const problems = problemsOf(key, value);
  if (problems.length === 0) continue;
  invalid += 1;
  console.log(`invalid: ${problems.slice(0, 5).join('; ')}: ${value.slice(0, 200)}`);
}
console.log(`${lines.length - invalid} valid, ${invalid} invalid (${schemaFile})`);
process.exit(invalid > 0 || lines.length === 0 ? 1 : 0);
