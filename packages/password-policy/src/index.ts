export * from './passwordPolicy';
export { loadBlocklist, DEFAULT_BLOCKLIST_FILE } from './loadBlocklist';
