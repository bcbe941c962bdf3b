import { hasSegmentPrefix, matchPath, resolveRoute } from './routeMatch';

describe('route matching', () => {
  it('matches parameters segment by segment, URL-decoded', () => {
    expect(matchPath('/api/v1/lockouts/:username', '/api/v1/lockouts/j%C3%BCrgen')).toEqual({ username: 'jürgen' });
    expect(matchPath('/api/v1/users/:user_id', '/api/v1/users')).toBeUndefined();
    expect(matchPath('/api/v1/users/:user_id', '/api/v1/users/%E0%A4%A')).toBeUndefined();
  });

  it('a literal segment wins over a parameter (rotate is not a key id)', () => {
    const rotate = resolveRoute('POST', '/api/v1/api-keys/rotate', false);
    expect(rotate.kind === 'route' && rotate.spec.id).toBe('apiKeys.rotate');
    expect(resolveRoute('DELETE', '/api/v1/api-keys/rotate', false)).toEqual({ kind: 'method_not_allowed', allowed: ['POST'] });
    // HEAD is served wherever GET is, so a 405 lists it too.
    expect(resolveRoute('PATCH', '/api/v1/lockouts', false)).toEqual({ kind: 'method_not_allowed', allowed: ['GET', 'HEAD'] });
    const verify = resolveRoute('GET', '/api/v1/audit-logs/verify', false);
    expect(verify.kind === 'route' && verify.spec.id).toBe('audit.verify');
  });

  it('HEAD is answered like GET; a trailing slash is ignored', () => {
    const head = resolveRoute('HEAD', '/health/', false);
    expect(head.kind === 'route' && head.spec.id).toBe('ops.health');
  });

  it('unknown paths under platform prefixes are 404, never proxied; others go upstream when configured', () => {
    expect(resolveRoute('GET', '/api/v1/users/1/unknown', true)).toEqual({ kind: 'not_found' });
    expect(resolveRoute('GET', '/graphs/g1/nodes', true)).toEqual({ kind: 'upstream' });
    expect(resolveRoute('GET', '/api/v1/llm/status', true)).toEqual({ kind: 'upstream' });
    expect(resolveRoute('GET', '/graphs', false)).toEqual({ kind: 'not_found' });
    expect(resolveRoute('GET', '/healthz', true)).toEqual({ kind: 'upstream' });
  });

  it('path-segment prefixes', () => {
    expect(hasSegmentPrefix('/api/v1/users/1', '/api/v1/users')).toBe(true);
    expect(hasSegmentPrefix('/api/v1/usersx', '/api/v1/users')).toBe(false);
  });
});
