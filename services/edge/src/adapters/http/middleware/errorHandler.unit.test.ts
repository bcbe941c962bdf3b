import { request } from '../../../testing/testResponse';
import { DomainError } from '@qilbee/kernel';
import { miniApp } from '../../../testing/miniApp';

describe('error handler', () => {
  it('maps a DomainError through the one table', async () => {
    const app = await miniApp([], () => {
      throw new DomainError('already_exists', 'Username already taken', 'duplicate_username');
    });
    try {
      const res = await request(app.url);
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({
        type: 'urn:qilbee:problem:duplicate_username',
        title: 'Conflict',
        status: 409,
        detail: 'Username already taken',
        code: 'duplicate_username',
        error: 'Username already taken',
      });
    } finally {
      await app.close();
    }
  });

  it('anything else is a 500 that leaks nothing', async () => {
    const app = await miniApp([], () => {
      throw new Error('mongo connection string mongodb://secret@host');
    });
    try {
      const res = await request(app.url);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).not.toContain('secret');
      expect(JSON.parse(text).code).toBe('internal');
    } finally {
      await app.close();
    }
  });
});
