export * from './refreshFamilyEvents';
export * from './refreshFamily';
