import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CollectedMessage } from '@qilbee/testkit';
import { fieldReferences, fieldValue, parseLogstashConfig, pluginsOf, type Pipeline, type Plugin } from './logstashConfig';
import type { Json } from './eventSchemas';

const EXAMPLES = path.resolve(__dirname, '../../docs/examples/siem');

export function splunkConnectConfig(): { name: string; config: Record<string, string> } {
  return JSON.parse(readFileSync(path.join(EXAMPLES, 'splunk-connect.json'), 'utf8'));
}

export function logstashPipeline(): Pipeline {
  return parseLogstashConfig(readFileSync(path.join(EXAMPLES, 'logstash.conf'), 'utf8'));
}

/**
 * A java.text.SimpleDateFormat pattern (what Splunk Connect's `timestamp.format` takes) as a
 * regular expression, for the letters a timestamp pattern needs; anything else is refused.
 */
export function javaDateFormatToRegex(format: string): RegExp {
  const units: Record<string, string> = { yyyy: '\\d{4}', MM: '\\d{2}', dd: '\\d{2}', HH: '\\d{2}', mm: '\\d{2}', ss: '\\d{2}', SSS: '\\d{3}', X: '(?:Z|[+-]\\d{2})', XXX: '(?:Z|[+-]\\d{2}:\\d{2})' };
  const parts = format.match(/'[^']*'|yyyy|MM|dd|HH|mm|ss|SSS|XXX|X|[-:. ]/g) ?? [];
  if (parts.join('') !== format) throw new Error(`unsupported date format ${format}`);
  const out = parts.map((part) => (part.startsWith("'") ? part.slice(1, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : (units[part] ?? `\\${part}`))).join('');
  return new RegExp(`^${out}$`);
}

/** A Kafka record as the Logstash kafka input (codec json, decorate_events basic) makes it. */
export function logstashEvent(message: CollectedMessage, groupId: string): Json {
  return { ...JSON.parse(message.value), '@metadata': { kafka: { topic: message.topic, partition: message.partition, offset: message.offset, key: message.key, consumer_group: groupId } } };
}

/** Evaluates the conditions our pipeline uses: `[field]== "literal"` and `!(<condition>)`. */
export function conditionHolds(condition: string, event: Json): boolean {
  const negated = /^!\((.*)\)$/.exec(condition);
  if (negated?.[1] !== undefined) return !negated[1].split(' or ').some((part) => conditionHolds(part, event));
  const equality = /^((?:\[[^\]]+\])+)\s*==\s*"([^"]*)"$/.exec(condition);
  if (!equality?.[1]) throw new Error(`condition not understood by the test: ${condition}`);
  const path = fieldReferences(equality[1])[0] ?? [];
  return fieldValue(event, path) === equality[2];
}

/** The plugins of a section that apply to this event. */
export function applicable(pipeline: Pipeline, section: keyof Pipeline, event: Json): Plugin[] {
  return pluginsOf(pipeline[section]).filter((plugin) => plugin.conditions.every((c) => conditionHolds(c, event)));
}

/** Logstash's sprintf for `%{[a][b]}` references (dates like %{+YYYY} are left alone). */
export function sprintf(template: string, event: Json): string {
  return template.replace(/%\{([^}+][^}]*)\}/g, (_all, raw: string) => {
    const refPath = fieldReferences(`%{${raw}}`)[0] ?? [];
    const value = fieldValue(event, refPath);
    if (value === undefined || value === null) throw new Error(`field ${raw} is missing in the event`);
    return String(value);
  });
}
