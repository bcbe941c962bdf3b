import { canonicalJson } from './canonicalJson';

describe('canonical form', () => {
  it('sorts keys at every depth, so key order never changes the bytes', () => {
    const a = { b: 1, a: { d: [1, { z: true, y: null }], c: 'x' } };
    const b = { a: { c: 'x', d: [1, { y: null, z: true }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('drops undefined members and writes undefined array items as null, like JSON', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 2] })).toBe('{"b":[null,2]}');
  });

  it('escapes strings as JSON does, so a value cannot forge structure', () => {
    expect(canonicalJson({ 'k"': 'v","x":"y' })).toBe('{"k\\"":"v\\",\\"x\\":\\"y"}');
  });

  it('distinguishes values that differ only in type', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
  });
});
