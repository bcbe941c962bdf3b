export * from './ports';
export * from './kafkaClient';
export * from './kafkaPublisher';
export * from './kafkaConsumer';
export * from './inMemoryBus';
export * from './startFrom';
export * from './groupStartPosition';
export * from './deleteGroup';
