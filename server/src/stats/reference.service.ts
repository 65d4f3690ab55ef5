/**
 * UNODC GLOTIP reference figures beside Jisr's released national figures. The compact copy shipped
 * with Jisr (exchange/glotip-data.json) is used until an analyst imports a newer data_glotip.csv;
 * an import with any unreadable row imports nothing and names every bad row and column.
 */
import type { Deps } from '../deps';
import type { Actor } from '../auth/policy';
import { AppError } from '../http/app-error';
import { appendAudit } from '../audit/audit.repository';
import { compactGlotip, expandGlotip, parseGlotipCsv, type GlotipCompact, type GlotipRow } from '../exchange/glotip';
import shipped from '../exchange/glotip-data.json';
import { alpha3ToAlpha2 } from '../../../common/htcds/countries';
import * as repo from './stats.repository';

let cache: { key: string; rows: GlotipRow[]; attribution: string } | undefined;

async function glotipRows(deps: Deps): Promise<{ rows: GlotipRow[]; attribution: string; source: 'shipped' | 'imported'; importedAt?: string }> {
  const imported = await repo.findReference(deps.db, 'glotip');
  const key = imported ? new Date(imported.imported_at).toISOString() : 'shipped';
  if (!cache || cache.key !== key) {
    const data = (imported?.data ?? shipped) as GlotipCompact;
    cache = { key, rows: expandGlotip(data), attribution: data.attribution };
  }
  return { rows: cache.rows, attribution: cache.attribution, source: imported ? 'imported' : 'shipped', importedAt: imported ? key : undefined };
}

/** Countries (with ISO alpha-2 where one exists) and indicators of the reference data. */
export async function glotipIndex(deps: Deps): Promise<{ attribution: string; source: string; importedAt?: string; countries: Array<{ iso3: string; alpha2: string | null; name: string }>; indicators: string[] }> {
  const { rows, attribution, source, importedAt } = await glotipRows(deps);
  const countries = new Map<string, string>();
  const indicators = new Set<string>();
  for (const r of rows) {
    if (r.country) countries.set(r.iso3, r.country);
    indicators.add(r.indicator);
  }
  return {
    attribution,
    source,
    importedAt,
    countries: [...countries].map(([iso3, name]) => ({ iso3, alpha2: alpha3ToAlpha2(iso3) ?? null, name })).sort((a, b) => a.name.localeCompare(b.name)),
    indicators: [...indicators].sort(),
  };
}

/** The series of one country and indicator: every row, values as counts or "<N" ranges. */
export async function glotipSeries(deps: Deps, iso3: string, indicator: string) {
  const { rows, attribution } = await glotipRows(deps);
  const series = rows
    .filter((r) => r.iso3 === iso3 && r.indicator === indicator)
    .map((r) => ({ year: r.year, dimension: r.dimension, category: r.category, sex: r.sex, age: r.age, value: r.value }))
    .sort((a, b) => a.year - b.year);
  return { iso3, indicator, attribution, rows: series };
}

/** Imports a UNODC data_glotip.csv: all rows or none; audited. */
export async function importGlotip(deps: Deps, actor: Actor, csv: string, origin: { ip: string }): Promise<{ rows: number }> {
  let parsed: ReturnType<typeof parseGlotipCsv>;
  try {
    parsed = parseGlotipCsv(csv);
  } catch {
    throw new AppError('stats.glotip_invalid', { problems: 1 }, 400);
  }
  if (parsed.errors.length > 0 || parsed.rows.length === 0) {
    const e = new AppError('stats.glotip_invalid', { problems: Math.max(1, parsed.errors.length) }, 400);
    Object.assign(e, { problems: parsed.errors.slice(0, 1000) });
    throw e;
  }
  const compact = compactGlotip(parsed.rows, (shipped as GlotipCompact).attribution);
  await deps.db.transaction(async (tx) => {
    await repo.upsertReference(tx, 'glotip', compact, parsed.rows.length, actor.userId);
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'stats.reference_import', resourceType: 'StatReference', resourceId: 'glotip', outcome: 'success', ip: origin.ip, details: { rows: parsed.rows.length } }]);
  });
  return { rows: parsed.rows.length };
}
