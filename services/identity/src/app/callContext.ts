import type { EventMetadata } from '@qilbee/event-store';

/** Who asked and from where (qilbee.common.v1.RequestContext, transport-neutral). */
export interface CallContext {
  requestId: string;
  actorUserId: string;
  actorUsername: string;
  ipAddress: string;
  userAgent: string;
  actorApiKeyId: string;
}

export const SYSTEM_CONTEXT: CallContext = {
  requestId: '',
  actorUserId: '',
  actorUsername: 'system',
  ipAddress: '',
  userAgent: '',
  actorApiKeyId: '',
};

export function toCallContext(raw: Partial<CallContext> | undefined): CallContext {
  return {
    requestId: raw?.requestId ?? '',
    actorUserId: raw?.actorUserId ?? '',
    actorUsername: raw?.actorUsername ?? '',
    ipAddress: raw?.ipAddress ?? '',
    userAgent: raw?.userAgent ?? '',
    actorApiKeyId: raw?.actorApiKeyId ?? '',
  };
}

/** The metadata stored with each commit, so every event names its actor. */
export function eventMetadata(ctx: CallContext): EventMetadata {
  const metadata: EventMetadata = {};
  if (ctx.requestId) metadata.requestId = ctx.requestId;
  if (ctx.actorUserId) metadata.actorUserId = ctx.actorUserId;
  if (ctx.actorUsername) metadata.actorUsername = ctx.actorUsername;
  if (ctx.ipAddress) metadata.ipAddress = ctx.ipAddress;
  if (ctx.userAgent) metadata.userAgent = ctx.userAgent;
  if (ctx.actorApiKeyId) metadata.actorApiKeyId = ctx.actorApiKeyId;
  return metadata;
}
