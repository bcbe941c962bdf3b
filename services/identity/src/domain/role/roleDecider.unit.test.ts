import { deciderSpec } from '../../testing/deciderSpec';
import { roleDecider } from './roleDecider';

const spec = deciderSpec(roleDecider);

describe('Role decider', () => {
  it('define: a named permission set, de-duplicated and sorted', () => {
    spec([]).when({ type: 'DefineRole', name: 'Auditor', permissions: ['AuditRead', 'UserRead', 'AuditRead'], atMs: 1 }).then([
      { type: 'RoleDefined', data: { name: 'Auditor', permissions: ['AuditRead', 'UserRead'], atMs: 1 } },
    ]);
  });

  it('define: built-in names (any case) cannot be redefined', () => {
    spec([]).when({ type: 'DefineRole', name: 'admin', permissions: [], atMs: 1 }).thenThrows({ code: 'failed_precondition', reason: 'built_in_role' });
  });

  it('define: unknown permissions are rejected', () => {
    spec([]).when({ type: 'DefineRole', name: 'Auditor', permissions: ['AuditEverything'], atMs: 1 }).thenThrows({ code: 'invalid_argument', reason: 'unknown_permission' });
  });

  it('delete: only a defined custom role', () => {
    const defined = { type: 'RoleDefined' as const, data: { name: 'Auditor', permissions: ['AuditRead'], atMs: 1 } };
    spec([defined]).when({ type: 'DeleteRole', name: 'Auditor', atMs: 2 }).then([{ type: 'RoleDeleted', data: { name: 'Auditor', atMs: 2 } }]);
    spec([]).when({ type: 'DeleteRole', name: 'Auditor', atMs: 2 }).thenThrows({ code: 'not_found' });
    spec([]).when({ type: 'DeleteRole', name: 'Read', atMs: 2 }).thenThrows({ reason: 'built_in_role' });
  });
});
