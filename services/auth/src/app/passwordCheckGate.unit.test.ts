import { PasswordCheckGate } from './passwordCheckGate';

describe('password check gate', () => {
  it('admits up to each subject\'s limit, all slots or none', () => {
    const gate = new PasswordCheckGate();
    const user = { key: 'user:bob', limit: 2 };
    const ip = { key: 'ip:192.0.2.1', limit: 3 };
    const first = gate.tryEnter([user, ip]);
    const second = gate.tryEnter([user, ip]);
    expect(first && second).toBeDefined();
    expect(gate.tryEnter([user, ip])).toBeUndefined();
    // The refused attempt took nothing: the IP still has exactly one slot left.
    expect(gate.tryEnter([ip])).toBeDefined();
    expect(gate.tryEnter([ip])).toBeUndefined();
  });

  it('wakes a waiting attempt when a slot of one of its subjects frees up, and a release counts once', async () => {
    const gate = new PasswordCheckGate();
    const user = { key: 'user:bob', limit: 1 };
    const release = gate.tryEnter([user]);
    let woken = false;
    const waiting = gate.slotFreed([user.key]).then(() => (woken = true));
    await Promise.resolve();
    expect(woken).toBe(false);
    release?.();
    release?.();
    await waiting;
    expect(gate.tryEnter([user])).toBeDefined();
    expect(gate.tryEnter([user])).toBeUndefined();
  });
});
