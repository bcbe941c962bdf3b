export * from './grpcErrors';
export * from './unary';
export * from './health';
export * from './healthProbe';
export * from './tls';
export * from './server';
export * from './client';
