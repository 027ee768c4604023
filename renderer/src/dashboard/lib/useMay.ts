import { roleMay, type HubRole, type ProctorOperation } from '../../../../shared/hub/roles.js';
import { useDash } from '../store/DashboardProvider.js';

/**
 * Whether the signed-in account's role may call a route (shared/hub/roles.ts). The dashboard uses
 * it to offer only what would work: the hub still enforces every call, this only spares a proctor
 * controls that answer 403.
 */
export function useMay(operation: ProctorOperation): boolean {
  return useDash((s) => (s.session ? roleMay(s.session.role, operation) : false));
}

export function useRole(): HubRole | null {
  return useDash((s) => s.session?.role ?? null);
}
