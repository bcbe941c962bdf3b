export * from './lockoutPolicy';
export * from './lockoutEvents';
export * from './lockout';
export * from './lockoutStatus';
