export { QilbeeSecurity, QilbeeSecurity as Client, VERSION, type ClientConfig } from './client';
export * from './errors';
export type { RetryOptions } from './transport';
export type * from './types';
