import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Deps } from '../deps';
import { actorOf } from '../http/context';
import { AppError } from '../http/app-error';
import * as S from './screening.schema';
import * as service from './screening.service';
import { screeningPolicy } from './screening.policy';
import * as P from './screening.presenter';

const tags = ['screening'];
const policy = (action: string, resource: string) => ({ policy: { policy: screeningPolicy, action, resource } });

/** Screening (issue "Identify"): the interview, the explained assessment, consent, NRM referral or anonymous notification, incoming referrals, indicator sets. */
export async function screeningRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.post('/api/screenings', {
    schema: { tags, summary: 'Start a screening (a draft on the current indicator-set version)', body: S.CreateScreeningBody, response: { 201: S.ScreeningDetail } },
    config: policy('create', 'Screening'),
  }, async (request, reply) => {
    const actor = actorOf(request);
    const view = await service.createScreening(deps, actor, request.body as Static<typeof S.CreateScreeningBody>, { ip: request.ip });
    return reply.status(201).send(P.presentScreening(view, actor.userId));
  });

  app.get('/api/screenings', {
    schema: { tags, summary: 'My screenings and those of the responders I supervise, drafts included', querystring: S.ListQuery, response: { 200: S.ScreeningList } },
    config: policy('list', 'Screening'),
  }, async (request) => {
    const actor = actorOf(request);
    const rows = await service.listScreenings(deps, actor, request.query as Static<typeof S.ListQuery>, { ip: request.ip });
    return { screenings: rows.map((r) => P.presentScreeningSummary(r, actor.userId)) };
  });

  app.get('/api/screenings/:id', {
    schema: { tags, summary: 'A screening: interview state, assessment, consent and referral', params: S.IdParams, response: { 200: S.ScreeningDetail } },
    config: policy('read', 'Screening'),
  }, async (request) => {
    const actor = actorOf(request);
    const { id } = request.params as Static<typeof S.IdParams>;
    return P.presentScreening(await service.getScreening(deps, actor, id, { ip: request.ip }), actor.userId);
  });

  app.patch('/api/screenings/:id', {
    schema: { tags, summary: 'Save answers, notes and the person’s details into a draft', params: S.IdParams, body: S.UpdateScreeningBody, response: { 200: S.ScreeningDetail } },
    config: policy('answer', 'Screening'),
  }, async (request) => {
    const actor = actorOf(request);
    const { id } = request.params as Static<typeof S.IdParams>;
    return P.presentScreening(await service.updateScreening(deps, actor, id, request.body as service.UpdateInput, { ip: request.ip }), actor.userId);
  });

  app.post('/api/screenings/:id/complete', {
    schema: { tags, summary: 'Complete the interview and compute its explained assessment', params: S.IdParams, response: { 200: S.ScreeningDetail } },
    config: policy('complete', 'Screening'),
  }, async (request) => {
    const actor = actorOf(request);
    const { id } = request.params as Static<typeof S.IdParams>;
    return P.presentScreening(await service.completeScreening(deps, actor, id, { ip: request.ip }), actor.userId);
  });

  app.post('/api/screenings/:id/referral', {
    schema: { tags, summary: 'Record consent and refer the person to a receiving organisation', params: S.IdParams, body: S.ReferBody, response: { 200: S.ScreeningDetail } },
    config: policy('refer', 'Screening'),
  }, async (request) => {
    const actor = actorOf(request);
    const { id } = request.params as Static<typeof S.IdParams>;
    return P.presentScreening(await service.referScreening(deps, actor, id, request.body as Static<typeof S.ReferBody>, { ip: request.ip }), actor.userId);
  });

  app.post('/api/screenings/:id/anonymous-notification', {
    schema: { tags, summary: 'An adult declined referral: notify the national referral authority anonymously', params: S.IdParams, body: S.NotifyBody, response: { 200: S.ScreeningDetail } },
    config: policy('refer', 'Screening'),
  }, async (request) => {
    const actor = actorOf(request);
    const { id } = request.params as Static<typeof S.IdParams>;
    return P.presentScreening(await service.notifyAnonymously(deps, actor, id, request.body as Static<typeof S.NotifyBody>, { ip: request.ip }), actor.userId);
  });

  app.get('/api/screening/support-services', {
    schema: { tags, summary: 'Support services to give a person who declines referral', querystring: Type.Object({ audience: Type.Enum(['adult', 'child'] as const) }, { additionalProperties: false }), response: { 200: S.SupportServices } },
    config: policy('create', 'Screening'),
  }, async (request) => P.presentSupportServices((request.query as { audience: 'adult' | 'child' }).audience));

  app.get('/api/nrm-referrals', {
    schema: { tags, summary: 'Referrals received by my organisation', querystring: S.IncomingQuery, response: { 200: S.ReferralList } },
    config: policy('list', 'NrmReferral'),
  }, async (request) => {
    const rows = await service.listIncomingReferrals(deps, actorOf(request), request.query as Static<typeof S.IncomingQuery>, { ip: request.ip });
    return { referrals: rows.map(P.presentReferralSummary) };
  });

  app.get('/api/anonymous-notifications', {
    schema: { tags, summary: 'Anonymous notifications received by the referral authority (codes only)', querystring: S.LimitQuery, response: { 200: S.AnonymousNotificationList } },
    config: policy('list', 'AnonymousNotification'),
  }, async (request) => {
    const { limit } = request.query as Static<typeof S.LimitQuery>;
    const rows = await service.listAnonymousNotifications(deps, actorOf(request), limit ?? 200, { ip: request.ip });
    return { notifications: rows.map(P.presentAnonymousNotification) };
  });

  app.get('/api/nrm-referrals/:id', {
    schema: { tags, summary: 'A referral: the assessment, and the identity when consent allows', params: S.IdParams, response: { 200: S.ReferralDetail } },
    config: policy('read', 'NrmReferral'),
  }, async (request) => {
    const { id } = request.params as Static<typeof S.IdParams>;
    return P.presentReferral(await service.getReferral(deps, actorOf(request), id, { ip: request.ip }));
  });

  app.post('/api/nrm-referrals/:id/decline', {
    schema: { tags, summary: 'Decline a pending referral with a reason', params: S.IdParams, body: S.DeclineBody, response: { 200: S.ReferralDetail } },
    config: policy('decline', 'NrmReferral'),
  }, async (request) => {
    const { id } = request.params as Static<typeof S.IdParams>;
    const { reason } = request.body as Static<typeof S.DeclineBody>;
    return P.presentReferral(await service.declineReferral(deps, actorOf(request), id, reason, { ip: request.ip }));
  });

  app.get('/api/screening/indicator-sets', {
    schema: { tags, summary: 'Indicator sets: every kept version', response: { 200: S.IndicatorSetList } },
    config: policy('read', 'IndicatorSet'),
  }, async () => P.presentIndicatorSetList());

  app.get('/api/screening/indicator-sets/:key', {
    schema: { tags, summary: 'One version of an indicator set with its questions in ar, fr and en', params: S.SetKeyParams, response: { 200: S.IndicatorSetDetail } },
    config: policy('read', 'IndicatorSet'),
  }, async (request) => {
    const set = P.presentIndicatorSet((request.params as Static<typeof S.SetKeyParams>).key);
    if (!set) throw new AppError('not_found');
    return set;
  });
}
