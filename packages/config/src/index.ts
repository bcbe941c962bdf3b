export * from './loadConfig';
export * from './fields';
export * from './files';
export * from './grpcTls';
export * from './kafkaSecurity';
export * from './transportSecurity';
export { z } from 'zod';
