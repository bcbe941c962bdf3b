import { canonicalUuid, isUuid, uuidv7 } from './ids';

describe('uuidv7', () => {
  it('is a valid version 7 uuid', () => {
    const id = uuidv7();
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
  });

  it('sorts in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 500 }, () => uuidv7(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('encodes the timestamp in the first 48 bits', () => {
    const ms = Date.UTC(2030, 4, 1);
    const id = uuidv7(ms);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThanOrEqual(ms);
  });
});

describe('UUIDs from clients', () => {
  it.each(['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '860F6578-510D-4A47-871E-DE72AA563D1D', '01a21f2d-b253-76c0-97f3-daf2b0e3563c'])(
    'accepts %s and gives it in lower case',
    (id) => {
      expect(isUuid(id)).toBe(true);
      expect(canonicalUuid(id)).toBe(id.toLowerCase());
    },
  );

  it.each(['', 'x', '860F6578510D4A47871EDE72AA563D1D', '{860f6578-510d-4a47-871e-de72aa563d1d}', '860f6578-510d-4a47-871e-de72aa563d1d\n', 'g60f6578-510d-4a47-871e-de72aa563d1d'])('refuses %j', (value) => {
    expect(isUuid(value)).toBe(false);
    expect(canonicalUuid(value)).toBeUndefined();
  });
});
