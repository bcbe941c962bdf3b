import type { IdentityPort, PasswordCheck, Principal } from '../ports/identityPort';

/** A fake identity service: users with plain passwords (or a custom verifier, e.g. argon2id). */
export class FakeIdentity implements IdentityPort {
  readonly users = new Map<string, Principal & { password: string }>();
  verifyCalls = 0;

  constructor(private readonly verify: (password: string, stored: string) => Promise<boolean> = async (a, b) => a === b) {}

  add(user: Principal & { password: string }): Principal {
    this.users.set(user.username, user);
    return user;
  }

  async verifyPassword(username: string, password: string): Promise<PasswordCheck> {
    this.verifyCalls += 1;
    const user = this.users.get(username);
    const ok = await this.verify(password, user?.password ?? 'dummy-password-for-unknown-users');
    if (!user) return { outcome: 'invalid' };
    if (!ok) return { outcome: 'invalid', userId: user.userId };
    if (!user.isActive) return { outcome: 'disabled', userId: user.userId };
    const { password: _secret, ...principal } = user;
    return { outcome: 'valid', principal };
  }

  async userIdOf(username: string): Promise<string | undefined> {
    return this.users.get(username)?.userId;
  }

  async getPrincipal(userId: string): Promise<Principal | undefined> {
    const user = [...this.users.values()].find((u) => u.userId === userId);
    if (!user) return undefined;
    const { password: _secret, ...principal } = user;
    return principal;
  }
}
