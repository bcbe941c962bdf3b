import { randomBytes } from 'node:crypto';
import { configuredPepper } from './pepperStore';

describe('API_KEY_PEPPER', () => {
  it('takes text as UTF-8, and base64:<value> as the bytes a generated pepper was stored as', () => {
    expect(configuredPepper('a long random pepper')).toEqual(Buffer.from('a long random pepper', 'utf8'));
    const generated = randomBytes(32);
    expect(configuredPepper(`base64:${generated.toString('base64')}`)).toEqual(generated);
  });
});
