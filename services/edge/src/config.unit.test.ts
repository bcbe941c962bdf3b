import { readConfig } from './config';

describe('edge config', () => {
  it('has the contract defaults', () => {
    const config = readConfig({});
    expect(config).toEqual(expect.objectContaining({
      EDGE_PORT: 8080, HTTPS_ENFORCE: false, HTTPS_PORT: 443, HTTPS_ALLOW_LOCALHOST: true, HTTPS_EXEMPT_PATHS: ['/health', '/ready', '/metrics'],
      CORS_ALLOWED_ORIGINS: [], CORS_ALLOW_CREDENTIALS: true, CORS_MAX_AGE: 3600, BODY_LIMIT_BYTES: 1048576, UPSTREAM_PERMISSION: 'GraphRead',
      JWT_ISSUER: 'qilbee-auth', JWT_AUDIENCE: 'qilbee-api', AUTH_GRPC_URL: '127.0.0.1:50051', IDENTITY_GRPC_URL: '127.0.0.1:50052',
    }));
  });

  it('refuses `*` with credentials, bad proxies and unknown permissions, listing every problem', () => {
    expect(() => readConfig({ CORS_ALLOWED_ORIGINS: '*', TRUSTED_PROXIES: '10.0.0.0/99', UPSTREAM_PERMISSION: 'BeAdmin' })).toThrow(
      /CORS_ALLOWED_ORIGINS[\s\S]*TRUSTED_PROXIES|TRUSTED_PROXIES[\s\S]*CORS_ALLOWED_ORIGINS/,
    );
    expect(() => readConfig({ CORS_ALLOWED_ORIGINS: '*', CORS_ALLOW_CREDENTIALS: 'false' })).not.toThrow();
  });
});
