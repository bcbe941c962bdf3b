export * from './loadConfig';
export * from './fields';
export { z } from 'zod';
