export * from './types';
export * from './mongoEventStore';
export * from './inMemoryEventStore';
export * from './decider';
export * from './lease';
export * from './outboxRelay';
export * from './readModel';
export * from './projector';
