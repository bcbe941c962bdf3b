import { PasswordCheckGate } from './passwordCheckGate';

describe('password check gate', () => {
  it("admits up to each subject's limit, all slots or none", () => {
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

  it('a waiting attempt takes the slot a finished check frees, and is then forgotten by every subject', async () => {
    const gate = new PasswordCheckGate();
    const user = { key: 'user:bob', limit: 1 };
    const ip = { key: 'ip:192.0.2.1', limit: 10 };
    const release = gate.tryEnter([user, ip]);
    let admitted: (() => void) | undefined;
    const waiting = gate.enter([user, ip], 5000).then((r) => (admitted = r));
    await Promise.resolve();
    expect(admitted).toBeUndefined();
    expect([gate.waiting(user.key), gate.waiting(ip.key)]).toEqual([1, 1]);
    release?.();
    release?.(); // a second release counts once
    await waiting;
    expect(admitted).toBeDefined();
    expect([gate.waiting(user.key), gate.waiting(ip.key)]).toEqual([0, 0]);
    expect(gate.tryEnter([user])).toBeUndefined(); // the waiter holds it now
    admitted?.();
    expect(gate.tryEnter([user])).toBeDefined();
  });

  it('a wait is bounded: unavailable when no slot frees up in time, leaving nothing registered', async () => {
    const gate = new PasswordCheckGate();
    const user = { key: 'user:bob', limit: 1 };
    gate.tryEnter([user]);
    await expect(gate.enter([user], 20)).rejects.toMatchObject({ code: 'unavailable' });
    expect(gate.waiting(user.key)).toBe(0);
  });
});
