import { originForm, pathOf } from './requestState';
import { resolveRoute } from '../../domain/routeMatch';

describe('request targets', () => {
  it('are origin-form without a fragment, whatever form the client sent', () => {
    expect(originForm('/api/v1/users?limit=1')).toBe('/api/v1/users?limit=1');
    expect(originForm('/api/v1/users#x')).toBe('/api/v1/users');
    expect(originForm('/metrics?a=1#frag?b')).toBe('/metrics?a=1');
    expect(originForm('http://example.com/health?x=1#y')).toBe('/health?x=1');
    expect(originForm('*')).toBe('/');
    expect(pathOf(originForm('/api/v1/users?x#y'))).toBe('/api/v1/users');
  });

  it('a fragment cannot turn a platform path into an upstream one', () => {
    expect(resolveRoute('POST', pathOf(originForm('/api/v1/users#x')), true)).toMatchObject({ kind: 'route' });
    expect(resolveRoute('GET', pathOf(originForm('/metrics#')), true)).toMatchObject({ kind: 'route' });
    expect(resolveRoute('GET', pathOf(originForm('/api/v1/users/a/b/c#')), true)).toEqual({ kind: 'not_found' });
  });
});
