/** The 34 QilbeeDB permissions, spelled as QilbeeDB serialises them. */
export const PERMISSIONS = [
  'GraphCreate',
  'GraphRead',
  'GraphUpdate',
  'GraphDelete',
  'GraphExecuteQuery',
  'NodeCreate',
  'NodeRead',
  'NodeUpdate',
  'NodeDelete',
  'RelationshipCreate',
  'RelationshipRead',
  'RelationshipUpdate',
  'RelationshipDelete',
  'MemoryCreate',
  'MemoryRead',
  'MemoryUpdate',
  'MemoryDelete',
  'MemorySearch',
  'MemoryConsolidate',
  'MemoryForget',
  'AgentCreate',
  'AgentRead',
  'AgentManage',
  'UserCreate',
  'UserRead',
  'UserUpdate',
  'UserDelete',
  'UserManageRoles',
  'SystemMonitor',
  'SystemConfigure',
  'SystemBackup',
  'SystemRestore',
  'AuditRead',
  'AuditManage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const PERMISSION_SET: ReadonlySet<string> = new Set(PERMISSIONS);

export function isPermission(value: string): value is Permission {
  return PERMISSION_SET.has(value);
}
