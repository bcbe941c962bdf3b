import { retryingAdminRead } from './groupStartPosition';

describe('admin reads at start', () => {
  it('are retried while the broker refuses them for a moment (a new topic without a leader yet)', async () => {
    let calls = 0;
    const notLeader = Object.assign(new Error('This server is not the leader for that topic-partition'), { retriable: true });
    const result = await retryingAdminRead(async () => {
      calls += 1;
      if (calls < 2) throw notLeader;
      return 'offsets';
    });
    expect([result, calls]).toEqual(['offsets', 2]);
  });

  it('fail at once on anything else', async () => {
    let calls = 0;
    const denied = Object.assign(new Error('group authorization failed'), { retriable: false });
    await expect(retryingAdminRead(async () => {
      calls += 1;
      throw denied;
    })).rejects.toBe(denied);
    expect(calls).toBe(1);
  });
});
