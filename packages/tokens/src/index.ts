// Access-token verification that needs only public keys and a revocation view: auth and the edge run this same code.
export * from './accessTokenClaims';
export * from './revocationView';
export * from './revocationFacts';
export * from './keySet';
export * from './validateAccessToken';
