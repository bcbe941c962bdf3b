import type { AuditFields } from './auditFields';

/** A CloudEvents 1.0 structured-mode JSON event, as SIEM consumers read it from Kafka. */
export interface SecurityCloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  data: AuditFields;
}

export const CLOUD_EVENT_TYPE_PREFIX = 'io.qilbee.security.';

/**
 * Wraps audit fields in the public envelope. `id` equals `data.event_id`, `subject` is the record
 * key (user id, key id or IP) so one subject's events stay ordered on a partition.
 */
export function toCloudEvent(service: string, subject: string, data: AuditFields): SecurityCloudEvent {
  return {
    specversion: '1.0',
    id: data.event_id,
    source: `/qilbee/${service}`,
    type: `${CLOUD_EVENT_TYPE_PREFIX}${data.event_type}`,
    time: data.timestamp,
    subject,
    datacontenttype: 'application/json',
    data,
  };
}
