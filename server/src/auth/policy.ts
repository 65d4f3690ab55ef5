import type { Role, OrgType } from '../../../common/roles';

/** The person acting: everything a policy may look at about them. */
export interface Actor {
  userId: string;
  orgId: string;
  orgType: OrgType;
  role: Role;
  locale: 'ar' | 'fr' | 'en';
}

type Predicate<R> = (actor: Actor, record: R) => boolean;

interface Rule {
  roles: readonly Role[] | '*';
  action: string;
  resource: string;
  when?: Predicate<never>;
}

/**
 * A capability's policies: sentences of the form "allow ROLES to ACTION on RESOURCE when ...".
 * Anything not allowed is denied.
 */
export class Policy {
  private readonly rules: Rule[] = [];

  /** Allows the roles to take the action on the resource, optionally only when the predicate holds for the record. */
  allow<R>(roles: readonly Role[] | '*', action: string, resource: string, when?: Predicate<R>): this {
    this.rules.push({ roles, action, resource, when: when as Predicate<never> | undefined });
    return this;
  }

  /** Coarse check (no record): may this role ever take the action on the resource? */
  permits(actor: Actor, action: string, resource: string): boolean {
    return this.rules.some((r) => r.action === action && r.resource === resource && (r.roles === '*' || r.roles.includes(actor.role)));
  }

  /** Record check: true only if some rule for this role allows the action on this record. */
  can<R>(actor: Actor, action: string, resource: string, record: R): boolean {
    return this.rules.some(
      (r) =>
        r.action === action &&
        r.resource === resource &&
        (r.roles === '*' || r.roles.includes(actor.role)) &&
        (!r.when || (r.when as Predicate<R>)(actor, record)),
    );
  }

  /** Every (action, resource) pair this policy knows, for the permission matrix tests and the client. */
  actions(): Array<{ action: string; resource: string }> {
    const seen = new Map<string, { action: string; resource: string }>();
    for (const r of this.rules) seen.set(`${r.resource}:${r.action}`, { action: r.action, resource: r.resource });
    return [...seen.values()];
  }
}

/** What a route declares: who may call it at all. The service then checks each record. */
export type RoutePolicy =
  | { public: true; reason: string }
  | { authenticated: true }
  | { policy: Policy; action: string; resource: string };

const registry: Policy[] = [];

/** Creates a policy and registers it so the client can be told the user's permissions. */
export function definePolicy(): Policy {
  const p = new Policy();
  registry.push(p);
  return p;
}

/** Every coarse permission the actor holds, as `resource:action` strings (for the client). */
export function permissionsOf(actor: Actor): string[] {
  const out = new Set<string>();
  for (const p of registry) for (const a of p.actions()) if (p.permits(actor, a.action, a.resource)) out.add(`${a.resource}:${a.action}`);
  return [...out].sort();
}
