// The filterable event types are part of the public contract, shared with the edge.
export { QUERYABLE_EVENT_TYPES } from '@qilbee/contracts';
