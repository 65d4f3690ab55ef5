import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { Deps } from '../deps';
import * as S from './cases.schema';
import * as service from './cases.service';
import * as nrm from './nrm.service';
import { myWork } from './my-work.service';
import { addAttachment, readAttachment } from './attachments.service';
import { prefillFromNrmReferral } from './nrm-referral-prefill';
import { casesPolicy } from './cases.policy';
import { presentCase, presentCaseSummary, presentReferral } from './cases.presenter';
import { RECORD_KINDS } from './case-mapping';
import { referralsOfCase } from '../referrals/referrals.service';
import { markNotificationsRead } from './cases.repository';
import { actorOf } from '../http/context';
import { ATTACHMENT_MAX_BYTES } from '../../../common/cases';

const tags = ['cases'];
const origin = (r: FastifyRequest) => ({ ip: r.ip });
const policy = (action: string, resource = 'Case') => ({ policy: { policy: casesPolicy, action, resource } });

/** NRM case management: cases, their NRM path, sub-records, team, attachments, my work, settings. */
export async function casesRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get('/api/cases', {
    schema: { tags, summary: 'Cases I may see, filtered, sorted and paged', querystring: S.ListQuery, response: { 200: S.CaseList } },
    config: policy('list'),
  }, async (request) => {
    const q = request.query as Static<typeof S.ListQuery>;
    const { rows, total, totalIsLowerBound } = await service.listCases(deps, actorOf(request), {
      state: q.state, exploitation: q.exploitation, citizenship: q.citizenship, ageGroup: q.ageGroup, sex: q.sex, orgId: q.org,
      openedFrom: q.openedFrom, openedTo: q.openedTo, name: q.name, sort: q.sort as never, page: q.page ?? 1, pageSize: q.pageSize ?? 25,
    }, origin(request));
    return { cases: rows.map(presentCaseSummary), total, totalIsLowerBound, page: q.page ?? 1, pageSize: q.pageSize ?? 25 };
  });

  app.post('/api/cases', {
    schema: { tags, summary: 'Open a case (directly, or from an NRM referral)', body: S.CreateCaseBody, response: { 201: S.IdReply } },
    config: policy('create'),
  }, async (request, reply) => {
    const id = await service.createCase(deps, actorOf(request), request.body as Static<typeof S.CreateCaseBody>, origin(request));
    return reply.status(201).send({ id });
  });

  app.get('/api/cases/prefill', {
    schema: { tags, summary: 'Prefill a new case from an NRM referral', querystring: S.PrefillQuery, response: { 200: S.PrefillReply } },
    config: policy('create'),
  }, async (request) => prefillFromNrmReferral(deps, actorOf(request), (request.query as Static<typeof S.PrefillQuery>).referral, origin(request)));

  app.get('/api/cases/:id', {
    schema: { tags, summary: 'One case, as far as I may see it (audited)', params: S.IdParams, response: { 200: S.CaseReply } },
    config: policy('read'),
  }, async (request) => {
    const actor = actorOf(request);
    const { id } = request.params as Static<typeof S.IdParams>;
    const view = await service.getCase(deps, actor, id, origin(request));
    const referrals = view.access.relation === 'referrer' ? [] : await referralsOfCase(deps, actor, id, view.access.relation);
    return presentCase(actor, view, referrals);
  });

  app.patch('/api/cases/:id', {
    schema: { tags, summary: 'Change the person, victim context, free text, residence permit or follow-up date', params: S.IdParams, body: S.UpdateCaseBody, response: { 204: S.NoContent } },
    config: policy('update'),
  }, async (request, reply) => {
    await service.updateCaseData(deps, actorOf(request), (request.params as Static<typeof S.IdParams>).id, request.body as Static<typeof S.UpdateCaseBody>, origin(request));
    return reply.status(204).send();
  });

  app.put('/api/cases/:id/consent', {
    schema: { tags, summary: "Record the person's consent (withdrawal stops sharing)", params: S.IdParams, body: S.ConsentBody, response: { 204: S.NoContent } },
    config: policy('consent'),
  }, async (request, reply) => {
    await service.setConsent(deps, actorOf(request), (request.params as Static<typeof S.IdParams>).id, request.body as Static<typeof S.ConsentBody>, origin(request));
    return reply.status(204).send();
  });

  app.post('/api/cases/:id/transitions', {
    schema: { tags, summary: 'Take a step of the NRM path (decision, reconsideration, extension, closure)', params: S.IdParams, body: S.TransitionBody, response: { 204: S.NoContent } },
    config: policy('transition'),
  }, async (request, reply) => {
    const { transition, ...input } = request.body as Static<typeof S.TransitionBody>;
    await nrm.transitionCase(deps, actorOf(request), (request.params as Static<typeof S.IdParams>).id, transition, input, origin(request));
    return reply.status(204).send();
  });

  for (const kind of RECORD_KINDS) {
    const action = kind === 'service' ? 'record_service' : 'update';
    app.post(`/api/cases/:id/records/${kind}`, {
      schema: { tags, summary: `Add a ${kind.replace('_', ' ')} record`, params: S.IdParams, body: S.RECORD_BODIES[kind], response: { 201: S.IdReply } },
      config: policy(action),
    }, async (request, reply) => {
      const id = await service.saveRecord(deps, actorOf(request), (request.params as Static<typeof S.IdParams>).id, kind, request.body as Record<string, unknown>, origin(request));
      return reply.status(201).send({ id });
    });
    app.put(`/api/cases/:id/records/${kind}/:recordId`, {
      schema: { tags, summary: `Change a ${kind.replace('_', ' ')} record`, params: S.RecordParams, body: S.RECORD_BODIES[kind], response: { 204: S.NoContent } },
      config: policy(action),
    }, async (request, reply) => {
      const p = request.params as Static<typeof S.RecordParams>;
      await service.saveRecord(deps, actorOf(request), p.id, kind, request.body as Record<string, unknown>, origin(request), p.recordId);
      return reply.status(204).send();
    });
  }

  app.get('/api/cases/:id/team/candidates', {
    schema: { tags, summary: 'Colleagues who may join the case team', params: S.IdParams, response: { 200: S.TeamCandidates } },
    config: policy('manage_team'),
  }, async (request) => ({ users: await service.teamCandidates(deps, actorOf(request), (request.params as Static<typeof S.IdParams>).id) }));

  app.post('/api/cases/:id/team', {
    schema: { tags, summary: 'Add a colleague to the case team', params: S.IdParams, body: S.TeamBody, response: { 204: S.NoContent } },
    config: policy('manage_team'),
  }, async (request, reply) => {
    await service.addToTeam(deps, actorOf(request), (request.params as Static<typeof S.IdParams>).id, (request.body as Static<typeof S.TeamBody>).userId, origin(request));
    return reply.status(204).send();
  });

  app.delete('/api/cases/:id/team/:userId', {
    schema: { tags, summary: 'Remove someone from the case team', params: S.TeamParams, response: { 204: S.NoContent } },
    config: policy('manage_team'),
  }, async (request, reply) => {
    const p = request.params as Static<typeof S.TeamParams>;
    await service.removeFromTeam(deps, actorOf(request), p.id, p.userId, origin(request));
    return reply.status(204).send();
  });

  app.post('/api/cases/:id/attachments', {
    schema: { tags, summary: 'Attach a document (PDF, JPEG or PNG; stored encrypted)', params: S.IdParams, body: S.AttachmentBody, response: { 201: S.IdReply } },
    config: policy('attach'),
    bodyLimit: Math.ceil(ATTACHMENT_MAX_BYTES * 1.4) + 4096,
  }, async (request, reply) => {
    const id = await addAttachment(deps, actorOf(request), (request.params as Static<typeof S.IdParams>).id, request.body as Static<typeof S.AttachmentBody>, origin(request));
    return reply.status(201).send({ id });
  });

  app.get('/api/cases/:id/attachments/:attachmentId', {
    schema: { tags, summary: 'Download an attachment (audited)', params: S.AttachmentParams },
    config: policy('read'),
  }, async (request, reply) => {
    const p = request.params as Static<typeof S.AttachmentParams>;
    const a = await readAttachment(deps, actorOf(request), p.id, p.attachmentId, origin(request));
    return reply
      .header('content-type', a.mime)
      .header('content-disposition', `attachment; filename="attachment.${a.mime.split('/')[1]}"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`)
      .send(a.bytes);
  });

  app.get('/api/my-work', {
    schema: { tags, summary: 'What needs my action: decisions, deadlines, referrals, notifications', response: { 200: S.MyWorkReply } },
    config: policy('read', 'MyWork'),
  }, async (request) => {
    const w = await myWork(deps, actorOf(request));
    const actor = actorOf(request);
    return {
      ...w,
      referralsIncoming: w.referralsIncoming.map((r) => presentReferral({ ...r, note: null, declineNote: null, mine: r.from_org_id === actor.orgId })),
      referralsSent: w.referralsSent.map((r) => presentReferral({ ...r, note: null, declineNote: null, mine: true })),
      nrmReferrals: w.nrmReferrals.map((r) => ({ id: r.id, createdAt: new Date(r.created_at).toISOString(), fromOrg: r.from_org_name, isChild: r.is_child })),
      notifications: w.notifications.map((n) => ({ id: n.id, caseId: n.case_id, kind: n.kind, params: n.params, createdAt: new Date(n.created_at).toISOString(), read: n.read_at !== null })),
    };
  });

  app.post('/api/notifications/read', {
    schema: { tags, summary: 'Mark my notifications read', body: S.NotificationsBody, response: { 204: S.NoContent } },
    config: policy('read', 'MyWork'),
  }, async (request, reply) => {
    await markNotificationsRead(deps.db, actorOf(request).userId, (request.body as Static<typeof S.NotificationsBody>).ids);
    return reply.status(204).send();
  });

  app.get('/api/nrm/settings', {
    schema: { tags, summary: "The country's NRM settings (reflection period, decision deadlines)", response: { 200: S.NrmSettingsReply } },
    config: policy('read', 'NrmSettings'),
  }, async () => nrm.getNrmSettings(deps.db));

  app.put('/api/nrm/settings', {
    schema: { tags, summary: "Change the country's NRM settings", body: S.SettingsBody, response: { 200: S.NrmSettingsReply } },
    config: policy('configure', 'Nrm'),
  }, async (request) => nrm.putNrmSettings(deps, actorOf(request), request.body as Static<typeof S.SettingsBody>, origin(request)));
}
