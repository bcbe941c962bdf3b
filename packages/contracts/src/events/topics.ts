/** The public Kafka topics (api-contract.md section 6). Their names are part of the contract. */
export const TOPICS = {
  auth: 'security.auth.v1',
  identity: 'security.identity.v1',
  ratelimit: 'security.ratelimit.v1',
  access: 'security.access.v1',
  deadLetter: 'security.dead-letter.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/** Every topic that carries security events (the dead-letter topic carries rejects, not events). */
export const SECURITY_TOPICS: readonly TopicName[] = [TOPICS.auth, TOPICS.identity, TOPICS.ratelimit, TOPICS.access];
