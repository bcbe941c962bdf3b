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
  private loadedAtMs = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly identity: Pick<IdentityPort, 'listRoles'>,
    private readonly clock: Clock,
    private readonly maxAgeMs: number,
  ) {}

  async permissionsFor(roles: readonly string[]): Promise<Set<string>> {
    const needsCustom = roles.some((role) => !isBuiltInRole(role));
    if (needsCustom && this.clock.nowMs() - this.loadedAtMs > this.maxAgeMs) await this.reload().catch(() => undefined);
    return effectivePermissions(roles, this.custom);
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
        this.loadedAtMs = this.clock.nowMs();
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}
