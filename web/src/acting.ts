/**
 * Acting officials (Plt./Plh.): the roles the signed-in user holds by delegation right now, read
 * from `/api/auth/me` (the login answer names only the user's own roles). The server decides in
 * the end; this only tells the portal which panels to show and in whose name.
 */
import { api } from './api/client';
import type { ActingDelegation, Me } from './api/types';
import { useSession } from './session';
import { useApi } from './useApi';
import type { Role } from '../../src/domain/glossary';

export interface Acting {
  /** Delegations in force to the user, oldest first (as the server picks them). */
  delegations: ActingDelegation[];
  /** True when the user holds one of the roles, as their own or by delegation. */
  acts(...roles: Role[]): boolean;
  /** The delegation the user would act under in `role`; null when the role is their own or not theirs. */
  delegationFor(role: Role): ActingDelegation | null;
}

export function useActing(deps: unknown[] = []): Acting {
  const { hasRole } = useSession();
  const me = useApi(() => api.get<Me>('/api/auth/me'), deps);
  const delegations = me.data?.delegations ?? [];

  return {
    delegations,
    acts: (...roles) => hasRole(...roles) || delegations.some((d) => roles.includes(d.role)),
    // As the API's actorAs: an own role wins; otherwise the first delegation of that role.
    delegationFor: (role) => (hasRole(role) ? null : (delegations.find((d) => d.role === role) ?? null)),
  };
}
