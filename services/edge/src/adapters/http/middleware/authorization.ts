import type { Step } from '../pipeline';
import type { Permission } from '@qilbee/rbac';
import { problem } from '../../../domain/problems';
import type { Access } from '../../../domain/routeTable';
import { isLoopback, type IpSet } from '../../../domain/trustedProxies';
import { sendProblem } from '../sendProblem';
import { state } from '../requestState';

export interface AuthorizationOptions {
  /** What a proxied (upstream) request needs: UPSTREAM_PERMISSION. */
  upstreamPermission: Permission;
  /** Who may reach `network` routes (/metrics) besides loopback: trusted proxies and configured IPs. */
  networkAllowed: IpSet;
  networkOpenToAll: boolean;
}

/**
 * The permission check, from the route table only (never "is admin"). Self-service routes need
 * an authenticated caller; identity then enforces ownership (another user's key is a 404 there).
 */
export function authorization(options: AuthorizationOptions): Step {
  return (req, res, next) => {
    const s = state(res);
    const route = s.route;
    const access: Access =
      route.kind === 'route' ? route.spec.access : { kind: 'permission', permission: options.upstreamPermission };
    switch (access.kind) {
      case 'public':
        return next();
      case 'network':
        if (options.networkOpenToAll || isLoopback(s.clientIp) || options.networkAllowed.has(s.clientIp)) return next();
        return sendProblem(res, problem(403, 'network_not_allowed', 'Not available from this network address'));
      case 'authenticated':
        return s.principal ? next() : sendProblem(res, problem(401, 'missing_credentials', 'Authentication required'));
      case 'permission':
        if (!s.principal) return sendProblem(res, problem(401, 'missing_credentials', 'Authentication required'));
        if (s.principal.permissions.has(access.permission)) return next();
        return sendProblem(
          res,
          problem(403, 'permission_denied', `Permission ${access.permission} is required`, { required_permission: access.permission }),
        );
    }
  };
}
