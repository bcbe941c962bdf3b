import { loadBlocklist } from './loadBlocklist';
import { passwordViolations, PASSWORD_RULES, weakPasswordError } from './passwordPolicy';

const blocklist = loadBlocklist();
const check = (password: string, username = 'alice') => passwordViolations(password, username, blocklist);

describe('password policy (api-contract.md section 7)', () => {
  it('ships a blocklist of at least the 10,000 most common passwords', () => {
    expect(blocklist.size).toBeGreaterThanOrEqual(10_000);
    expect(blocklist.has('password')).toBe(true);
  });

  it('accepts a long password with every character class that is not common', () => {
    expect(check('Tr0ub4dor&Zebra-Quilt')).toEqual([]);
  });

  it('reports every failed rule at once, in the contract order', () => {
    expect(check('zqxjv')).toEqual(['min_length', 'uppercase', 'digit', 'special']);
    expect(check('abc')).toEqual(['min_length', 'uppercase', 'digit', 'special', 'common_password']);
    expect(check('')).toEqual(['min_length', 'uppercase', 'lowercase', 'digit', 'special']);
  });

  it.each([
    ['min_length', 'Sh0rt!pass'],
    ['uppercase', 'lowercase-only-9z'],
    ['lowercase', 'UPPERCASE-ONLY-9Z'],
    ['digit', 'No-Digits-Anywhere!'],
    ['special', 'NoSpecials12345abc'],
  ])('rule %s fails alone for %s', (rule, password) => {
    expect(check(password)).toEqual([rule]);
  });

  it('counts any character that is not a letter or digit as special (spaces, unicode symbols)', () => {
    expect(check('Correct Horse 9 Battery')).toEqual([]);
    expect(check('Zebra€Quilt9Moon')).toEqual([]);
  });

  it('rejects common passwords after undoing case, substitutions and padding digits/symbols', () => {
    expect(check('P@ssw0rd1234')).toEqual(['common_password']);
    expect(check('Password123!')).toEqual(['common_password']);
    expect(check('!!Qwerty2024##')).toEqual(['common_password']);
    expect(check('L3tM3!n-99999')).toContain('common_password');
  });

  it('rejects a password containing the username, whatever the case or substitutions', () => {
    expect(check('xx-ALICE-2024-Zq', 'alice')).toEqual(['contains_username']);
    expect(check('Zq9-@l1ce-wonder', 'alice')).toEqual(['contains_username']);
    expect(check('Tr0ub4dor&Zebra-Quilt', 'bob')).toEqual([]);
  });

  it('describes the failure as weak_password with one violation per rule id', () => {
    const error = weakPasswordError(['min_length', 'digit']);
    expect(error).toMatchObject({ code: 'invalid_argument', reason: 'weak_password', details: { rules: ['min_length', 'digit'] } });
    expect(error.violations.map((v) => v.field)).toEqual(['min_length', 'digit']);
    expect(error.message).toMatch(/12 characters/);
    expect(PASSWORD_RULES).toEqual(['min_length', 'uppercase', 'lowercase', 'digit', 'special', 'common_password', 'contains_username']);
  });
});
