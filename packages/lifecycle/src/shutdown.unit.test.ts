import pino from 'pino';
import { shutdownInOrder } from './shutdown';

describe('shutdownInOrder', () => {
  it('runs steps in order and abandons a stuck one at the deadline', async () => {
    const ran: string[] = [];
    const started = Date.now();
    await shutdownInOrder(
      [
        { name: 'server', run: async () => void ran.push('server') },
        { name: 'stuck', run: () => new Promise<void>(() => undefined) },
        { name: 'store', run: async () => void ran.push('store') },
      ],
      pino({ level: 'silent' }),
      200,
    );
    expect(ran).toEqual(['server', 'store']);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
