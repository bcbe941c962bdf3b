/** Who asked and from where (qilbee.common.v1.RequestContext, transport-free). */
export interface RequestContext {
  requestId: string;
  actorUserId: string;
  actorUsername: string;
  ipAddress: string;
  userAgent: string;
  actorApiKeyId: string;
}

export const SYSTEM_CONTEXT: RequestContext = { requestId: '', actorUserId: '', actorUsername: 'system', ipAddress: '', userAgent: '', actorApiKeyId: '' };

/** Event metadata stored with every append (never a secret). */
export function eventMetadata(context: RequestContext): Record<string, string> {
  return {
    requestId: context.requestId,
    actorUserId: context.actorUserId,
    actorUsername: context.actorUsername,
    ipAddress: context.ipAddress,
    userAgent: context.userAgent,
    actorApiKeyId: context.actorApiKeyId,
  };
}
