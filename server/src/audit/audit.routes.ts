import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Deps } from '../deps';
import { orgsPolicy } from '../orgs/orgs.policy';
import { actorOf } from '../http/context';
import { verifyAuditChain } from './audit.repository';

const Query = Type.Object(
  { before: Type.Optional(Type.String({ pattern: '^[0-9]+$' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  { additionalProperties: false },
);
const Entry = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actorUserId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  resourceType: Type.String(),
  resourceId: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  ip: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
});

/** The audit log as an organisation admin sees it: the entries of their organisation's users, and the chain check. */
export async function auditRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get('/api/audit', {
    schema: { tags: ['audit'], summary: "Audit entries of my organisation's users, newest first", querystring: Query, response: { 200: Type.Object({ entries: Type.Array(Entry) }) } },
    config: { policy: { policy: orgsPolicy, action: 'read', resource: 'AuditLog' } },
  }, async (request) => {
    const actor = actorOf(request);
    const q = request.query as Static<typeof Query>;
    const { rows } = await deps.db.query<{ id: string; at: Date; actor_user_id: string | null; action: string; resource_type: string; resource_id: string | null; outcome: string; ip: string | null; reason: string | null }>(
      `SELECT id::text AS id, at, actor_user_id, action, resource_type, resource_id, outcome, ip, reason FROM audit_log
       WHERE actor_org_id = $1 AND ($2::bigint IS NULL OR audit_log.id < $2::bigint) ORDER BY audit_log.id DESC LIMIT $3`,
      [actor.orgId, q.before ?? null, q.limit ?? 50],
    );
    return {
      entries: rows.map((r) => ({ id: r.id, at: new Date(r.at).toISOString(), actorUserId: r.actor_user_id, action: r.action, resourceType: r.resource_type, resourceId: r.resource_id, outcome: r.outcome, ip: r.ip, reason: r.reason })),
    };
  });

  app.get('/api/audit/verify', {
    schema: { tags: ['audit'], summary: 'Check the hash chain of the whole audit log', response: { 200: Type.Object({ ok: Type.Boolean(), entries: Type.Integer(), firstBadId: Type.Optional(Type.String()), problem: Type.Optional(Type.String()) }) } },
    config: { policy: { policy: orgsPolicy, action: 'read', resource: 'AuditLog' } },
  }, async () => verifyAuditChain(deps.db));
}
