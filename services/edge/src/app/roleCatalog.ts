import { effectivePermissions, isBuiltInRole, isPermission, type Permission } from '@qilbee/rbac';
import type { Clock } from '@qilbee/kernel';
import type { IdentityPort } from './ports';

/**
 * What a JWT's roles grant. Built-in roles are known here; custom roles are defined in identity,
 * so their permission sets are cached (refreshed periodically and on role events). If identity
 * is unreachable, an unknown custom role grants nothing: fail closed.
 */
export class RoleCatalog {
  private custom = new Map<string, Permission[]>();
  /** Permission sets by role list, computed once per catalog: a request only asks `has`. */
  private readonly sets = new Map<string, ReadonlySet<string>>();
  private loadedAtMs = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly identity: Pick<IdentityPort, 'listRoles'>,
    private readonly clock: Clock,
    private readonly maxAgeMs: number,
  ) {}

  async permissionsFor(roles: readonly string[]): Promise<ReadonlySet<string>> {
    const needsCustom = roles.some((role) => !isBuiltInRole(role));
    if (needsCustom && this.clock.nowMs() - this.loadedAtMs > this.maxAgeMs) await this.reload().catch(() => undefined);
    const key = roles.join('\u0000');
    let set = this.sets.get(key);
    if (!set) {
      if (this.sets.size >= 1000) this.sets.clear();
      set = effectivePermissions(roles, this.custom);
      this.sets.set(key, set);
    }
    return set;
  }

  /** Role definitions changed (role_defined / role_deleted): the next lookup reloads. */
  invalidate(): void {
    this.loadedAtMs = Number.NEGATIVE_INFINITY;
  }

  reload(): Promise<void> {
    this.loading ??= this.identity
      .listRoles({})
      .then((response) => {
        const next = new Map<string, Permission[]>();
        for (const role of response.roles) if (!role.builtIn) next.set(role.name, role.permissions.filter(isPermission));
        this.custom = next;
        this.sets.clear();
        this.loadedAtMs = this.clock.nowMs();
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}
