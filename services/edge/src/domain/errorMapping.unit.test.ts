import { DomainError, type DomainErrorCode } from '@qilbee/kernel';
import { domainErrorToProblem } from './errorMapping';
import { HTTP_STATUS_BY_CODE } from './problems';

describe('DomainError -> problem+json', () => {
  it('maps every code exactly once', () => {
    const expected: Record<DomainErrorCode, number> = {
      invalid_argument: 400, failed_precondition: 400, unauthenticated: 401, permission_denied: 403, not_found: 404,
      already_exists: 409, conflict: 409, resource_exhausted: 429, unavailable: 503,
    };
    expect(HTTP_STATUS_BY_CODE).toEqual(expected);
  });

  it('uses the stable reason as code and keeps QilbeeDB `error`', () => {
    const p = domainErrorToProblem(new DomainError('invalid_argument', 'Current password is incorrect', 'invalid_current_password'));
    expect(p).toEqual({ type: 'urn:qilbee:problem:invalid_current_password', title: 'Bad Request', status: 400, detail: 'Current password is incorrect', code: 'invalid_current_password', error: 'Current password is incorrect' });
  });

  it('lists password rule ids in `violations`, whichever member identity put them in', () => {
    const p = domainErrorToProblem(new DomainError('invalid_argument', 'Weak password', 'weak_password', [
      { field: 'min_length', message: 'at least 12 characters' },
      { field: 'password', message: 'uppercase' },
    ]));
    expect(p.violations).toEqual(['min_length', 'uppercase']);
  });

  it('lists failed fields in `errors`, and safe details as members', () => {
    const p = domainErrorToProblem(new DomainError('invalid_argument', 'bad', 'validation_failed', [{ field: 'email', message: 'invalid' }], { retry: false, stack: { x: 1 } }));
    expect(p.errors).toEqual([{ field: 'email', message: 'invalid' }]);
    expect(p.retry).toBe(false);
    expect(p.stack).toBeUndefined();
  });

  it('a refusal of several fields with the password policy among them has both `errors` and the rule ids in `violations`', () => {
    const p = domainErrorToProblem(
      new DomainError('invalid_argument', 'bad', 'validation_failed', [{ field: 'email', message: 'invalid' }, { field: 'password', message: 'too short' }], { violations: ['min_length', 'not-a-rule', 7] }),
    );
    expect(p.errors).toEqual([{ field: 'email', message: 'invalid' }, { field: 'password', message: 'too short' }]);
    expect(p.violations).toEqual(['min_length']);
  });
});
