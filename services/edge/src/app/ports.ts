import type { auditV1, authV1, identityV1, ratelimitV1 } from '@qilbee/contracts';
import type { AuditFields } from '@qilbee/contracts';

/**
 * The ports the edge needs, one per dependency. They speak the generated contract messages
 * because the edge only translates HTTP <-> RPC; the gRPC adapters add deadline and breaker.
 * Failures are DomainErrors (`unavailable` when a dependency is down).
 */
export interface IdentityPort {
  createUser(request: identityV1.CreateUserRequest): Promise<identityV1.CreateUserResponse>;
  getUser(request: identityV1.GetUserRequest): Promise<identityV1.GetUserResponse>;
  listUsers(request: identityV1.ListUsersRequest): Promise<identityV1.ListUsersResponse>;
  updateUser(request: identityV1.UpdateUserRequest): Promise<identityV1.UpdateUserResponse>;
  changePassword(request: identityV1.ChangePasswordRequest): Promise<identityV1.ChangePasswordResponse>;
  assignRoles(request: identityV1.AssignRolesRequest): Promise<identityV1.AssignRolesResponse>;
  deleteUser(request: identityV1.DeleteUserRequest): Promise<identityV1.DeleteUserResponse>;
  listRoles(request: identityV1.ListRolesRequest): Promise<identityV1.ListRolesResponse>;
  defineRole(request: identityV1.DefineRoleRequest): Promise<identityV1.DefineRoleResponse>;
  deleteRole(request: identityV1.DeleteRoleRequest): Promise<identityV1.DeleteRoleResponse>;
  createApiKey(request: identityV1.CreateApiKeyRequest): Promise<identityV1.CreateApiKeyResponse>;
  listApiKeys(request: identityV1.ListApiKeysRequest): Promise<identityV1.ListApiKeysResponse>;
  revokeApiKey(request: identityV1.RevokeApiKeyRequest): Promise<identityV1.RevokeApiKeyResponse>;
  rotateApiKey(request: identityV1.RotateApiKeyRequest): Promise<identityV1.RotateApiKeyResponse>;
  verifyApiKey(request: identityV1.VerifyApiKeyRequest): Promise<identityV1.VerifyApiKeyResponse>;
}

export interface AuthPort {
  login(request: authV1.LoginRequest): Promise<authV1.LoginResponse>;
  refresh(request: authV1.RefreshRequest): Promise<authV1.RefreshResponse>;
  logout(request: authV1.LogoutRequest): Promise<authV1.LogoutResponse>;
  revoke(request: authV1.RevokeRequest): Promise<authV1.RevokeResponse>;
  revokeAllForUser(request: authV1.RevokeAllForUserRequest): Promise<authV1.RevokeAllForUserResponse>;
  listRevocations(request: authV1.ListRevocationsRequest): Promise<authV1.ListRevocationsResponse>;
  getJwks(request: authV1.GetJwksRequest): Promise<authV1.GetJwksResponse>;
  getLockoutStatus(request: authV1.GetLockoutStatusRequest): Promise<authV1.GetLockoutStatusResponse>;
  listLockouts(request: authV1.ListLockoutsRequest): Promise<authV1.ListLockoutsResponse>;
  lockAccount(request: authV1.LockAccountRequest): Promise<authV1.LockAccountResponse>;
  unlockAccount(request: authV1.UnlockAccountRequest): Promise<authV1.UnlockAccountResponse>;
}

export interface RateLimitPort {
  check(request: ratelimitV1.CheckRequest): Promise<ratelimitV1.CheckResponse>;
  createPolicy(request: ratelimitV1.CreatePolicyRequest): Promise<ratelimitV1.CreatePolicyResponse>;
  getPolicy(request: ratelimitV1.GetPolicyRequest): Promise<ratelimitV1.GetPolicyResponse>;
  listPolicies(request: ratelimitV1.ListPoliciesRequest): Promise<ratelimitV1.ListPoliciesResponse>;
  updatePolicy(request: ratelimitV1.UpdatePolicyRequest): Promise<ratelimitV1.UpdatePolicyResponse>;
  deletePolicy(request: ratelimitV1.DeletePolicyRequest): Promise<ratelimitV1.DeletePolicyResponse>;
}

export interface AuditPort {
  query(request: auditV1.QueryRequest): Promise<auditV1.QueryResponse>;
  verify(request: auditV1.VerifyRequest): Promise<auditV1.VerifyResponse>;
}

/** Where edge decisions (401/403/429/HTTPS rejections) go: security.access.v1. */
export interface AccessEventPort {
  publish(subject: string, fields: AuditFields): Promise<void>;
}

/** Liveness of one dependency, for /ready. */
export interface DependencyProbe {
  name: string;
  check(): Promise<boolean>;
}
