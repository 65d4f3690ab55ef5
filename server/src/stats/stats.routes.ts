import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { Deps } from '../deps';
import * as S from './stats.schema';
import * as service from './stats.service';
import * as reference from './reference.service';
import { statsPolicy } from './stats.policy';
import { presentDataset, presentLedgerLine, presentRelease } from './stats.presenter';
import { actorOf } from '../http/context';
import { AppError } from '../http/app-error';
import { t } from '../i18n/i18n';

const tags = ['stats'];
const publicTags = ['public'];
const policy = (action: string, resource: string) => ({ policy: { policy: statsPolicy, action, resource } });
const PUBLIC_RELEASES = { public: true as const, reason: 'published statistical releases are public by design (protected counts only)' };

async function sendTable(deps: Deps, release: Awaited<ReturnType<typeof service.getRelease>>, query: unknown) {
  const q = query as Static<typeof S.TableQuery>;
  return { releaseId: release.id, ...(await service.releaseTable(deps, release, q.columns.split(','), q.groupBy)) };
}

function sendCsv(reply: FastifyReply, name: string, csv: string) {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(csv);
}

/** Statistics: datasets and budgets, protected releases, publication, the public read side, GLOTIP reference data. */
export async function statsRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get('/api/stats/datasets', {
    schema: { tags, summary: 'Statistics datasets with their privacy budget', response: { 200: S.DatasetList } },
    config: policy('list', 'StatDataset'),
  }, async () => ({ datasets: (await service.listDatasets(deps)).map(presentDataset) }));

  app.post('/api/stats/datasets', {
    schema: { tags, summary: 'Snapshot the coded rows of consenting cases into a dataset with a total (ε, δ) budget', body: S.CreateDatasetBody, response: { 201: S.Dataset } },
    config: policy('create', 'StatDataset'),
  }, async (request, reply) => {
    const d = await service.createDataset(deps, actorOf(request), request.body as Static<typeof S.CreateDatasetBody>, { ip: request.ip });
    return reply.status(201).send(presentDataset(d));
  });

  app.get('/api/stats/datasets/:id/ledger', {
    schema: { tags, summary: 'The privacy budget ledger of a dataset', params: S.IdParams, response: { 200: S.Ledger } },
    config: policy('read', 'StatLedger'),
  }, async (request) => {
    const { dataset, ledger } = await service.datasetLedger(deps, (request.params as Static<typeof S.IdParams>).id);
    return { dataset: presentDataset(dataset), lines: ledger.map(presentLedgerLine) };
  });

  app.post('/api/stats/datasets/:id/releases', {
    schema: { tags, summary: 'Create a protected release (k-anonymity or differential privacy), with fidelity report and optional synthetic data', params: S.IdParams, body: S.CreateReleaseBody, response: { 201: S.Release } },
    config: policy('create', 'StatRelease'),
  }, async (request, reply) => {
    const r = await service.createRelease(deps, actorOf(request), (request.params as Static<typeof S.IdParams>).id, request.body as service.ReleaseInput, { ip: request.ip });
    return reply.status(201).send(presentRelease(r));
  });

  app.get('/api/stats/releases', {
    schema: { tags, summary: 'Releases, drafts and published', querystring: S.ListReleasesQuery, response: { 200: S.ReleaseList } },
    config: policy('list', 'StatRelease'),
  }, async (request) => ({ releases: (await service.listReleases(deps, (request.query as Static<typeof S.ListReleasesQuery>).datasetId)).map(presentRelease) }));

  app.get('/api/stats/releases/:id', {
    schema: { tags, summary: 'One release', params: S.IdParams, response: { 200: S.Release } },
    config: policy('read', 'StatRelease'),
  }, async (request) => presentRelease(await service.getRelease(deps, (request.params as Static<typeof S.IdParams>).id)));

  app.get('/api/stats/releases/:id/table', {
    schema: { tags, summary: 'Released counts and shares (of the total, and within the groups of one column) of 1 to 4 attributes, or of one per-value table', params: S.IdParams, querystring: S.TableQuery, response: { 200: S.ReleaseTable } },
    config: policy('read', 'StatRelease'),
  }, async (request) => sendTable(deps, await service.getRelease(deps, (request.params as Static<typeof S.IdParams>).id), request.query));

  app.get('/api/stats/releases/:id/synthetic.csv', {
    schema: { tags, summary: 'Synthetic microdata of a release (CTDC variables), CSV', params: S.IdParams },
    config: policy('read', 'StatRelease'),
  }, async (request, reply) => {
    const release = await service.getRelease(deps, (request.params as Static<typeof S.IdParams>).id);
    return sendCsv(reply, `jisr-synthetic-${release.id}.csv`, await service.syntheticData(deps, release));
  });

  app.post('/api/stats/releases/:id/publish', {
    schema: { tags, summary: 'Publish a release (then readable without sign-in)', params: S.IdParams, response: { 200: S.Release } },
    config: policy('publish', 'StatRelease'),
  }, async (request) => presentRelease(await service.publishRelease(deps, actorOf(request), (request.params as Static<typeof S.IdParams>).id, { ip: request.ip })));

  app.post('/api/stats/releases/:id/withdraw', {
    schema: { tags, summary: 'Withdraw a published release, with the reason (the public then sees the newest release still published)', params: S.IdParams, body: S.WithdrawReleaseBody, response: { 200: S.Release } },
    config: policy('withdraw', 'StatRelease'),
  }, async (request) => {
    const { reason } = request.body as Static<typeof S.WithdrawReleaseBody>;
    return presentRelease(await service.withdrawRelease(deps, actorOf(request), (request.params as Static<typeof S.IdParams>).id, reason.trim(), { ip: request.ip }));
  });

  // Public read side: published releases only.
  app.get('/api/public/releases', {
    schema: { tags: publicTags, summary: 'Published releases, newest first', response: { 200: S.ReleaseList } },
    config: { policy: PUBLIC_RELEASES },
  }, async () => ({ releases: (await service.listPublished(deps)).map(presentRelease) }));

  app.get('/api/public/releases/latest', {
    schema: { tags: publicTags, summary: 'The latest published release', response: { 200: S.Release } },
    config: { policy: PUBLIC_RELEASES },
  }, async () => {
    const r = await service.latestPublished(deps);
    if (!r) throw new AppError('not_found');
    return presentRelease(r);
  });

  app.get('/api/public/releases/:id/table', {
    schema: { tags: publicTags, summary: 'Released counts of a published release', params: S.IdParams, querystring: S.TableQuery, response: { 200: S.ReleaseTable } },
    config: { policy: PUBLIC_RELEASES },
  }, async (request) => sendTable(deps, await service.getPublished(deps, (request.params as Static<typeof S.IdParams>).id), request.query));

  app.get('/api/public/releases/:id/synthetic.csv', {
    schema: { tags: publicTags, summary: 'Synthetic microdata of a published release, CSV', params: S.IdParams },
    config: { policy: PUBLIC_RELEASES },
  }, async (request, reply) => {
    const release = await service.getPublished(deps, (request.params as Static<typeof S.IdParams>).id);
    return sendCsv(reply, `jisr-synthetic-${release.id}.csv`, await service.syntheticData(deps, release));
  });

  // UNODC GLOTIP reference data (public UNODC figures).
  const GLOTIP_PUBLIC = { public: true as const, reason: 'UNODC GLOTIP country data is public reference data' };
  app.get('/api/stats/reference/glotip', {
    schema: { tags, summary: 'GLOTIP countries and indicators' },
    config: { policy: GLOTIP_PUBLIC },
  }, async () => reference.glotipIndex(deps));

  app.get('/api/stats/reference/glotip/series', {
    schema: { tags, summary: 'GLOTIP series of one country and indicator ("<5" kept as a range)', querystring: S.GlotipSeriesQuery },
    config: { policy: GLOTIP_PUBLIC },
  }, async (request) => {
    const q = request.query as Static<typeof S.GlotipSeriesQuery>;
    return reference.glotipSeries(deps, q.iso3, q.indicator);
  });

  app.post('/api/stats/reference/glotip', {
    schema: { tags, summary: 'Import UNODC data_glotip.csv (all rows or none)', body: S.GlotipImportBody },
    config: policy('import', 'StatReference'),
    bodyLimit: 64 * 1024 * 1024,
  }, async (request: FastifyRequest, reply) => {
    try {
      return await reference.importGlotip(deps, actorOf(request), (request.body as Static<typeof S.GlotipImportBody>).csv, { ip: request.ip });
    } catch (error) {
      const problems = (error as { problems?: Array<{ row: number; column: string; code: string; params: Record<string, string> }> }).problems;
      if (!(error instanceof AppError) || !problems) throw error;
      return reply.status(400).send({
        error: {
          code: error.code,
          message: t(request.locale, `errors.${error.code}`, error.params),
          problems: problems.map((p) => ({ row: p.row, column: p.column, code: p.code, message: t(request.locale, `errors.stats.${p.code}`, { row: p.row, column: p.column, ...p.params }) })),
          requestId: request.id,
        },
      });
    }
  });
}
