import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { Deps } from '../deps';
import * as S from './orgs.schema';
import { Org } from '../auth/auth.schema';
import * as service from './orgs.service';
import * as repo from './orgs.repository';
import { orgsPolicy } from './orgs.policy';
import { presentUser, presentOrg } from './orgs.presenter';
import { actorOf } from '../http/context';

const tags = ['orgs'];

/** Organisations, and the management of an organisation's users by its admin. */
export async function orgsRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get('/api/orgs', {
    schema: { tags, summary: 'All organisations (names and types)', response: { 200: S.OrgList } },
    config: { policy: { policy: orgsPolicy, action: 'list', resource: 'Org' } },
  }, async () => ({ orgs: (await repo.listOrgs(deps.db)).map(presentOrg) }));

  app.patch('/api/orgs/current', {
    schema: { tags, summary: "Change my organisation's settings", body: S.UpdateOrgBody, response: { 200: Org } },
    config: { policy: { policy: orgsPolicy, action: 'update', resource: 'Org' } },
  }, async (request) => {
    const { requireTotp } = request.body as Static<typeof S.UpdateOrgBody>;
    return presentOrg(await service.setOrgRequireTotp(deps, actorOf(request), requireTotp, { ip: request.ip }));
  });

  app.get('/api/users', {
    schema: { tags, summary: "The users of my organisation", response: { 200: S.UserList } },
    config: { policy: { policy: orgsPolicy, action: 'list', resource: 'User' } },
  }, async (request) => ({ users: (await service.listUsers(deps, actorOf(request))).map(presentUser) }));

  app.post('/api/users', {
    schema: { tags, summary: 'Create a user in my organisation', body: S.CreateUserBody, response: { 201: S.User } },
    config: { policy: { policy: orgsPolicy, action: 'create', resource: 'User' } },
  }, async (request, reply) => {
    const user = await service.createUser(deps, actorOf(request), request.body as Static<typeof S.CreateUserBody>, { ip: request.ip });
    return reply.status(201).send(presentUser(user));
  });

  app.patch('/api/users/:id', {
    schema: { tags, summary: "Change a user's role, name or status", params: S.IdParams, body: S.UpdateUserBody, response: { 200: S.User } },
    config: { policy: { policy: orgsPolicy, action: 'update', resource: 'User' } },
  }, async (request) => {
    const { id } = request.params as Static<typeof S.IdParams>;
    return presentUser(await service.updateUser(deps, actorOf(request), id, request.body as Static<typeof S.UpdateUserBody>, { ip: request.ip }));
  });
}
