import { inMemoryDeps } from '../adapters/memory/inMemoryDeps';
import { bootstrapAdmin, generateAdminPassword } from './bootstrapAdmin';
import { passwordViolations } from '@qilbee/password-policy';

describe('bootstrap admin', () => {
  it('creates the admin with the Admin role once, handing a generated password to the writer only', async () => {
    const deps = inMemoryDeps();
    const saved: string[] = [];
    expect(await bootstrapAdmin(deps, { username: 'admin', email: 'admin@example.com' }, async (p) => void saved.push(p))).toBe(true);
    expect(await bootstrapAdmin(deps, { username: 'admin', email: 'admin@example.com' }, async (p) => void saved.push(p))).toBe(false);
    expect(saved).toHaveLength(1);
    const admin = await deps.users.findByUsernameKey('admin');
    expect(admin?.roles).toEqual(['Admin']);
    expect(await deps.passwords.verify(admin?.passwordHash ?? '', saved[0] ?? '')).toBe(true);
  });

  it('uses ADMIN_PASSWORD when given, and refuses a weak one', async () => {
    const saved: string[] = [];
    const deps = inMemoryDeps();
    await expect(bootstrapAdmin(deps, { username: 'root', email: 'root@example.com', password: 'weak' }, async (p) => void saved.push(p))).rejects.toMatchObject({ reason: 'weak_password' });
    await bootstrapAdmin(deps, { username: 'root', email: 'root@example.com', password: 'Given-Strong-Pass-1' }, async (p) => void saved.push(p));
    expect(saved).toEqual([]);
  });

  it('generates passwords that always pass the policy', () => {
    for (let i = 0; i < 200; i += 1) expect(passwordViolations(generateAdminPassword(), 'admin', new Set())).toEqual([]);
  });
});
