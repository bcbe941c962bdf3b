export * from './ids';
export * from './clock';
export * from './domainError';
export * from './assertNever';
