import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Admin, Kafka } from 'kafkajs';
import { SECURITY_EVENT_TYPES, SECURITY_TOPICS, TOPICS, toCloudEvent, type SecurityEventType } from '@qilbee/contracts';
import { ensureTopics } from '@qilbee/kafka-kit';
import { uuidv7 } from '@qilbee/kernel';
import { collectMessages, testKafka, waitFor, type CollectedMessage } from '@qilbee/testkit';
import { compileValidators, explain, readSchema, EVENT_SCHEMA_FILE, TOPIC_OF_SOURCE, type Json } from './harness/eventSchemas';
import { startPlatform, type Platform } from './harness/platform';
import { runSecurityScenario, TaggedRest, type ScenarioResult } from './harness/securityScenario';
import { applicable, javaDateFormatToRegex, logstashEvent, logstashPipeline, splunkConnectConfig, sprintf } from './harness/siemConfigs';
import { pluginsOf } from './harness/logstashConfig';

/** What one platform run must produce on Kafka (every public type but the two below). */
const EXPECTED_TYPES: SecurityEventType[] = [
  'login', 'login_failed', 'logout', 'token_refresh', 'token_refresh_reuse_detected', 'token_revoked', 'all_tokens_revoked',
  'account_locked', 'account_unlocked', 'account_lockout_triggered', 'signing_key_rotated',
  'api_key_created', 'api_key_rotated', 'api_key_revoked',
  'user_created', 'user_updated', 'user_deleted', 'user_password_changed', 'role_assigned', 'role_defined', 'role_deleted',
  'permission_denied', 'authentication_failed', 'https_required', 'rate_limit_exceeded',
  'rate_limit_policy_created', 'rate_limit_policy_updated', 'rate_limit_policy_deleted',
];
/** Not produced by the run, and why. */
const NOT_PRODUCED: Partial<Record<SecurityEventType, string>> = {
  api_key_expired: 'the shortest key expiry is one day',
  audit_retention_applied: 'never on Kafka: the audit service appends it to its own chain',
};
const EXAMPLES_DIR = path.resolve(__dirname, '../docs/examples/events');

const validators = compileValidators();
const validLogin = () =>
  toCloudEvent('auth', '01a21f2d-b253-76c0-97f3-daf2b0e3563c', {
    event_id: uuidv7(), event_type: 'login', timestamp: new Date().toISOString(), user_id: '01a21f2d-b253-76c0-97f3-daf2b0e3563c', username: 'alice',
    action: 'login', resource: 'user:01a21f2d-b253-76c0-97f3-daf2b0e3563c', result: 'success', ip_address: '203.0.113.7', user_agent: 'curl/8.5.0',
    metadata: { request_id: 'req-1', jti: uuidv7(), session_id: uuidv7() },
  }) as Json;

describe('security event schemas (no servers)', () => {
  it('has a branch for every type of SECURITY_EVENT_TYPES and lists exactly those types', () => {
    const schema = readSchema(EVENT_SCHEMA_FILE);
    expect([...schema.properties.type.enum].sort()).toEqual(SECURITY_EVENT_TYPES.map((t) => `io.qilbee.security.${t}`).sort());
    expect([...schema.$defs.data.properties.event_type.enum].sort()).toEqual([...SECURITY_EVENT_TYPES].sort());
    const branches = (schema.allOf as Json[]).map((b) => [b.if.properties.type.const, b.then.$ref]);
    expect(branches).toEqual(SECURITY_EVENT_TYPES.map((t) => [`io.qilbee.security.${t}`, `#/$defs/${t}`]));
    for (const t of SECURITY_EVENT_TYPES) expect(schema.$defs[t]).toBeDefined();
    expect(EXPECTED_TYPES.length + Object.keys(NOT_PRODUCED).length).toBe(SECURITY_EVENT_TYPES.length);
  });

  it('accepts an event built by toCloudEvent', () => {
    expect(validators.event(validLogin())).toBe(true);
  });

  const invalid: Array<[string, (e: Json) => void]> = [
    ['a missing id', (e) => delete e.id],
    ['a password in data', (e) => (e.data.password = 'Secret!123456')],
    ['a password in metadata', (e) => (e.data.metadata.password = 'Secret!123456')],
    ['an unknown event type', (e) => Object.assign(e, { type: 'io.qilbee.security.unknown_thing' })],
    ['a wrong type prefix', (e) => (e.type = 'com.example.security.login')],
    ['data.event_type not matching type', (e) => (e.data.event_type = 'logout')],
    ['a source other than the publisher', (e) => (e.source = '/qilbee/identity')],
    ['an extra envelope member', (e) => (e.extension = 'x')],
    ['a result outside AUDIT_RESULTS', (e) => (e.data.result = 'ok')],
    ['a time not in toISOString form', (e) => (e.time = '2026-01-01T00:00:00+01:00')],
    ['specversion 0.3', (e) => (e.specversion = '0.3')],
    ['a non-storable metadata key', (e) => (e.data.metadata['a.b'] = 1)],
    ['audit_retention_applied on Kafka', (e) => Object.assign(e, { type: 'io.qilbee.security.audit_retention_applied' })],
  ];
  it.each(invalid)('rejects %s', (_name, mutate) => {
    const event = validLogin();
    mutate(event);
    expect(validators.event(event)).toBe(false);
  });

  it('accepts the documented example of every published type (docs/examples/events)', () => {
    const files = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json'));
    for (const file of files) {
      const example = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
      expect({ file, ok: validators.event(example), why: explain(validators.event.errors) }).toEqual({ file, ok: true, why: '' });
      expect(file.split('.')[0]).toBe(example.data.event_type);
    }
    const documented = new Set(files.map((f) => f.split('.')[0]));
    expect(SECURITY_EVENT_TYPES.filter((t) => t !== 'audit_retention_applied' && !documented.has(t))).toEqual([]);
  });

  it('dead-letter schema: accepts a letter, rejects one without reason or from another topic', () => {
    const letter = { reason: 'invalid_json', detail: 'value is not JSON', topic: TOPICS.access, partition: 0, offset: '12', key: null, value: 'x', rejected_at: new Date().toISOString() };
    expect(validators.deadLetter(letter)).toBe(true);
    expect(validators.deadLetter({ ...letter, reason: undefined })).toBe(false);
    expect(validators.deadLetter({ ...letter, topic: 'other' })).toBe(false);
  });
});

/** The high watermark of every partition: records at or after it were produced during this run. */
async function startOffsets(admin: Admin, topics: string[]): Promise<Map<string, number>> {
  const offsets = new Map<string, number>();
  for (const topic of topics) for (const p of await admin.fetchTopicOffsets(topic)) offsets.set(`${topic}/${p.partition}`, Number(p.high));
  return offsets;
}

describe('the security topics during a platform run', () => {
  jest.setTimeout(180_000);
  const topics = [...SECURITY_TOPICS, TOPICS.deadLetter];
  const prefix = `siem-${randomBytes(4).toString('hex')}`;
  const deadLetterKey = `${prefix}-dead-letter`;
  let kafka: Kafka;
  let admin: Admin;
  let platform: Platform;
  let collector: Awaited<ReturnType<typeof collectMessages>>;
  let since: Map<string, number>;
  let scenario: ScenarioResult;
  let window: CollectedMessage[] = [];

  const during = () => collector.messages.filter((m) => m.offset !== undefined && Number(m.offset) >= (since.get(`${m.topic}/${m.partition}`) ?? 0));
  const parsed = (m: CollectedMessage): Json => { try { return JSON.parse(m.value); } catch { return undefined; } };
  const isProductEvent = (m: CollectedMessage) => m.topic !== TOPICS.deadLetter && parsed(m)?.source in TOPIC_OF_SOURCE;
  /** This run's events: its request ids, its tight policy's tallies, and the revocations its identity events caused. */
  function ours(messages: CollectedMessage[]): Json[] {
    const events = messages.filter(isProductEvent).map(parsed);
    const mine = events.filter((e) => String(e.data.metadata.request_id ?? '').startsWith(prefix) || (e.source === '/qilbee/ratelimit' && e.data.metadata.policy_id === scenario.tightPolicyId));
    const causes = new Set(mine.map((e) => e.id));
    return [...mine, ...events.filter((e) => causes.has(e.data.metadata.causation_event_id))];
  }
  const seen = (messages: CollectedMessage[]) => new Set(ours(messages).map((e) => `${e.data.event_type}${e.data.event_type === 'rate_limit_exceeded' ? `@${e.source}` : ''}`));

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    // On a fresh broker no service has created the topics yet (the same call the services make).
    await ensureTopics(kafka, topics);
    since = await startOffsets(admin, topics);
    collector = await collectMessages(kafka, topics);
    platform = await startPlatform();
    scenario = await runSecurityScenario(platform, new TaggedRest(platform.edgeUrl, prefix), prefix.slice(5));
    // A record the audit service cannot parse: it must come back on the dead-letter topic.
    const producer = kafka.producer();
    await producer.connect();
    const bogus = { specversion: '1.0', id: uuidv7(), source: '/siem-test', type: 'io.qilbee.security.not_a_real_event', data: {} };
    await producer.send({ topic: TOPICS.access, messages: [{ key: deadLetterKey, value: JSON.stringify(bogus) }] });
    await producer.disconnect();
    const wanted = [...EXPECTED_TYPES.filter((t) => t !== 'rate_limit_exceeded'), 'rate_limit_exceeded@/qilbee/edge', 'rate_limit_exceeded@/qilbee/ratelimit'];
    const complete = () => {
      const messages = during();
      const types = seen(messages);
      return wanted.every((t) => types.has(t)) && messages.some((m) => m.topic === TOPICS.deadLetter && m.key === deadLetterKey);
    };
    await waitFor(complete, { timeoutMs: 90_000, intervalMs: 250 }).catch((error: Error) => {
      const types = seen(during());
      throw new Error(`${error.message}; missing: ${wanted.filter((t) => !types.has(t)).join(', ') || 'the dead letter'}`);
    });
    window = during();
  });
  afterAll(async () => {
    await collector?.stop();
    await admin?.disconnect();
    await platform?.stop();
  });

  it('covers every stated event type, from both producers of rate_limit_exceeded', () => {
    const types = new Set(ours(window).map((e) => e.data.event_type));
    expect(EXPECTED_TYPES.filter((t) => !types.has(t))).toEqual([]);
  });

  it('every product event validates, with id, time, record key and topic consistent', () => {
    const events = window.filter(isProductEvent);
    expect(events.length).toBeGreaterThan(EXPECTED_TYPES.length);
    const problems: string[] = [];
    for (const message of events) {
      const event = parsed(message);
      if (!validators.event(event)) problems.push(`${event.type}: ${explain(validators.event.errors)}`);
      if (event.id !== event.data.event_id) problems.push(`${event.type}: id ${event.id} != data.event_id`);
      if (event.time !== event.data.timestamp) problems.push(`${event.type}: time != data.timestamp`);
      if (message.key !== event.subject) problems.push(`${event.type}: record key ${message.key} != subject ${event.subject}`);
      if (TOPIC_OF_SOURCE[event.source] !== message.topic) problems.push(`${event.type}: ${event.source} published on ${message.topic}`);
    }
    expect(problems).toEqual([]);
  });

  it('every dead letter validates, and the unparseable record came back with its reason', () => {
    const letters = window.filter((m) => m.topic === TOPICS.deadLetter);
    for (const message of letters) expect({ ok: validators.deadLetter(parsed(message)), why: explain(validators.deadLetter.errors) }).toEqual({ ok: true, why: '' });
    const letter = letters.map(parsed).find((l) => l.key === deadLetterKey);
    expect(letter).toMatchObject({ reason: 'unknown_event_type', topic: TOPICS.access, key: deadLetterKey });
    expect(validators.event(JSON.parse(letter.value))).toBe(false);
  });

  it('never carries a password, API key secret, JWT or refresh token', () => {
    const leaks = window.filter((m) => scenario.secrets.some((secret) => m.value.includes(secret)));
    expect(leaks.map((m) => `${m.topic}: ${m.value.slice(0, 120)}`)).toEqual([]);
  });

  it('the Splunk Connect config consumes the product topics as JSON text, at least once, with the event time', async () => {
    const { config } = splunkConnectConfig();
    expect(config['connector.class']).toBe('com.splunk.kafka.connect.SplunkSinkConnector');
    const configured = config.topics?.split(',') ?? [];
    expect(configured).toEqual(topics);
    const existing = new Set(await admin.listTopics());
    expect(configured.filter((t) => !existing.has(t))).toEqual([]);
    for (const list of ['splunk.indexes', 'splunk.sources', 'splunk.sourcetypes']) expect(config[list]?.split(',')).toHaveLength(configured.length);
    expect(config['key.converter']).toBe('org.apache.kafka.connect.storage.StringConverter');
    expect(config['value.converter']).toBe('org.apache.kafka.connect.storage.StringConverter');
    expect([config['splunk.hec.raw'], config['splunk.hec.json.event.formatted'], config['splunk.hec.ack.enabled']]).toEqual(['false', 'false', 'true']);
    expect(config['consumer.override.auto.offset.reset']).toBe('earliest');
    expect(config['splunk.hec.token']).toMatch(/^\$\{file:[^}]+\}$/);
    // Timestamp extraction (Java regex and SimpleDateFormat) finds each event's own time.
    const timeRegex = new RegExp(config['timestamp.regex'] ?? '');
    const format = javaDateFormatToRegex(config['timestamp.format'] ?? '');
    for (const message of window.filter(isProductEvent)) {
      const time = timeRegex.exec(message.value)?.groups?.time;
      expect({ time, matchesFormat: format.test(time ?? '') }).toEqual({ time: parsed(message).time, matchesFormat: true });
    }
    expect([config['enable.timestamp.extraction'], config['splunk.hec.use.record.timestamp'], config['timestamp.timezone']]).toEqual(['true', 'false', 'UTC']);
  });

  it('the Logstash pipeline reads the product topics as JSON and indexes every record once, by its id', async () => {
    const pipeline = logstashPipeline();
    const inputs = pluginsOf(pipeline.input);
    expect(inputs.map((i) => [i.name, i.settings.topics])).toEqual([['kafka', [...SECURITY_TOPICS]], ['kafka', [TOPICS.deadLetter]]]);
    const partitions = Math.max(...(await admin.fetchTopicMetadata({ topics })).topics.map((t) => t.partitions.length));
    for (const input of inputs) {
      const s = input.settings;
      expect([s.codec, s.auto_offset_reset, s.enable_auto_commit, s.decorate_events]).toEqual(['json', 'earliest', true, 'basic']);
      expect(s.bootstrap_servers).toMatch(/^\$\{KAFKA_BROKERS(:[^}]*)?\}$/);
      expect(Number(s.consumer_threads ?? 1)).toBeLessThanOrEqual(partitions);
    }
    expect(new Set(inputs.map((i) => i.settings.group_id)).size).toBe(2);
    for (const message of window.filter((m) => isProductEvent(m) || m.topic === TOPICS.deadLetter)) {
      const input = inputs.find((i) => (i.settings.topics as string[]).includes(message.topic));
      const event = logstashEvent(message, String(input?.settings.group_id));
      const dates = applicable(pipeline, 'filter', event).filter((p) => p.name === 'date');
      const outputs = applicable(pipeline, 'output', event);
      expect([dates.length, outputs.length]).toEqual([1, 1]);
      const timeField = (dates[0]?.settings.match as string[])[0] ?? '';
      expect(Number.isNaN(Date.parse(String(event[timeField])))).toBe(false);
      const settings = outputs[0]?.settings ?? {};
      for (const value of Object.values(settings)) if (typeof value === 'string') sprintf(value, event);
      if (message.topic !== TOPICS.deadLetter) expect(sprintf(String(settings.document_id), event)).toBe(event.data.event_id);
    }
  });
});
