import type { LoadedPolicy } from '../domain/policyResolution';
import type { PolicyState } from '../domain/policyDecider';
import type { PolicyViews } from './ports';

/** The in-memory twin of the policy read model, for application tests without a server. */
export class InMemoryPolicyViews implements PolicyViews {
  private readonly views = new Map<string, { version: number; policy: LoadedPolicy | undefined }>();

  async project(policyId: string, state: PolicyState, version: number): Promise<void> {
    const existing = this.views.get(policyId);
    if (existing && existing.version >= version) return;
    this.views.set(policyId, { version, policy: state.status === 'active' ? { ...state.policy, revision: version } : undefined });
  }

  async list(): Promise<LoadedPolicy[]> {
    return [...this.views.values()].flatMap((v) => (v.policy ? [v.policy] : [])).sort((a, b) => a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : 1));
  }

  async get(policyId: string): Promise<LoadedPolicy | undefined> {
    return this.views.get(policyId)?.policy;
  }
}
