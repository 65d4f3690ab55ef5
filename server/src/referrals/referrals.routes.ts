import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { Deps } from '../deps';
import * as S from '../cases/cases.schema';
import * as service from './referrals.service';
import { referralsPolicy } from './referrals.policy';
import { presentReferral } from '../cases/cases.presenter';
import { actorOf } from '../http/context';
import { AppError } from '../http/app-error';

const tags = ['referrals'];
const origin = (r: FastifyRequest) => ({ ip: r.ip });
const policy = (action: string) => ({ policy: { policy: referralsPolicy, action, resource: 'Referral' } });

/** Referrals of cases between organisations: send, answer, revoke, inbox. */
export async function referralsRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.post('/api/cases/:id/referrals', {
    schema: { tags, summary: 'Refer a case to another organisation for named services', params: S.IdParams, body: S.CreateReferralBody, response: { 201: S.IdReply } },
    config: policy('create'),
  }, async (request, reply) => {
    const id = await service.createReferral(deps, actorOf(request), (request.params as Static<typeof S.IdParams>).id, request.body as Static<typeof S.CreateReferralBody>, origin(request));
    return reply.status(201).send({ id });
  });

  app.get('/api/referrals', {
    schema: { tags, summary: 'Referrals received by my organisation and pending ones sent by my teams', querystring: S.InboxQuery, response: { 200: S.ReferralInbox } },
    config: policy('list'),
  }, async (request) => {
    const { incoming, sent } = await service.inbox(deps, actorOf(request), (request.query as Static<typeof S.InboxQuery>).status);
    return { incoming: incoming.map(presentReferral), sent: sent.map(presentReferral) };
  });

  app.get('/api/referrals/:id', {
    schema: { tags, summary: 'One referral', params: S.IdParams, response: { 200: S.Referral } },
    config: policy('list'),
  }, async (request) => {
    const actor = actorOf(request);
    const { id } = request.params as Static<typeof S.IdParams>;
    const { incoming, sent } = await service.inbox(deps, actor);
    const found = [...incoming, ...sent].find((r) => r.id === id);
    if (!found) throw new AppError('not_found');
    return presentReferral(found);
  });

  app.post('/api/referrals/:id/answer', {
    schema: { tags, summary: 'Accept or decline a referral (with a reason)', params: S.IdParams, body: S.AnswerReferralBody, response: { 204: S.NoContent } },
    config: policy('answer'),
  }, async (request, reply) => {
    await service.answerReferral(deps, actorOf(request), (request.params as Static<typeof S.IdParams>).id, request.body as Static<typeof S.AnswerReferralBody>, origin(request));
    return reply.status(204).send();
  });

  app.post('/api/referrals/:id/revoke', {
    schema: { tags, summary: 'Revoke a referral still pending', params: S.IdParams, response: { 204: S.NoContent } },
    config: policy('revoke'),
  }, async (request, reply) => {
    await service.revokeReferral(deps, actorOf(request), (request.params as Static<typeof S.IdParams>).id, origin(request));
    return reply.status(204).send();
  });
}
