// Generated gRPC contracts (never edited by hand: run `npm run proto:gen`) and the public event shapes.
export * as healthV1 from './gen/grpc/health/v1/health';
export * as commonV1 from './gen/qilbee/common/v1/common';
export * as identityV1 from './gen/qilbee/identity/v1/identity';
export * as authV1 from './gen/qilbee/auth/v1/auth';
export * as ratelimitV1 from './gen/qilbee/ratelimit/v1/ratelimit';
export * as auditV1 from './gen/qilbee/audit/v1/audit';
export * from './events/topics';
export * from './events/cloudEvent';
export * from './events/auditFields';
export * from './rest/accountFields';
export * as envoyRatelimitV3 from './gen/envoy/service/ratelimit/v3/rls';
export * as envoyRatelimitDescriptorV3 from './gen/envoy/extensions/common/ratelimit/v3/ratelimit';
