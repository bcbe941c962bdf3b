// Token verification that needs only public keys and a revocation view (reused by the edge).
export * from './accessTokenClaims';
export * from './revocationView';
export * from './revocationFacts';
export * from './keySet';
export * from './validateAccessToken';
