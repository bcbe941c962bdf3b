export * from './permissions';
export * from './builtInRoles';
export * from './effectivePermissions';
