export * from './grpcErrors';
export * from './unary';
export * from './health';
export * from './server';
export * from './client';
