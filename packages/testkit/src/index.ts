export * from './environment';
export * from './waitFor';
export * from './mongo';
export * from './kafka';
export * from './testPki';
export * from './ghz';
