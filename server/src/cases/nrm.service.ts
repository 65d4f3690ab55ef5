import crypto from 'node:crypto';
import type { Deps } from '../deps';
import type { Actor } from '../auth/policy';
import type { Queryable } from '../db/db';
import { AppError } from '../http/app-error';
import { appendAudit } from '../audit/audit.repository';
import { findOrg } from '../orgs/orgs.repository';
import { enqueue } from '../jobs/queue';
import { TRANSITIONS, type TransitionName } from '../../../common/cases';
import { casesPolicy } from './cases.policy';
import * as repo from './cases.repository';
import { AAD } from './cases.crypto';
import { applyTransition, addDays, DEFAULT_NRM_SETTINGS, isoDay, TransitionError, type NrmSettings, type TransitionInput } from './nrm';
import { loadCase, type Origin } from './cases.service';

const SETTINGS_KEY = 'nrm.settings';

/** The country's NRM settings (reflection days, RG working days…), with defaults. */
export async function getNrmSettings(q: Queryable): Promise<NrmSettings> {
  const stored = await repo.getSetting<Partial<NrmSettings>>(q, SETTINGS_KEY);
  return { ...DEFAULT_NRM_SETTINGS, ...(stored ?? {}) };
}

/** Changes the country's NRM settings (an admin of the national referral authority). Audited. */
export async function putNrmSettings(deps: Deps, actor: Actor, patch: Partial<NrmSettings>, origin: Origin): Promise<NrmSettings> {
  if (!casesPolicy.can(actor, 'configure', 'Nrm', {})) throw new AppError('auth.forbidden');
  const next = { ...(await getNrmSettings(deps.db)), ...patch };
  await deps.db.transaction(async (tx) => {
    await repo.putSetting(tx, SETTINGS_KEY, next);
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'nrm.settings', resourceType: 'Settings', resourceId: SETTINGS_KEY, outcome: 'success', ip: origin.ip, details: { ...next } }]);
  });
  return next;
}

/** Deadline kinds, the case column holding each, and how many days before it notifications go out. */
const DEADLINES = {
  rg_due: { kind: 'rg_due', lead: 2, toAuthority: true, toTeam: true },
  reflection_ends: { kind: 'reflection_ending', lead: 7, toAuthority: true, toTeam: true },
  cg_due: { kind: 'cg_due', lead: 7, toAuthority: true, toTeam: false },
  follow_up_due: { kind: 'follow_up_due', lead: 0, toAuthority: false, toTeam: true },
} as const;
type DeadlineColumn = keyof typeof DEADLINES;

/** Queues the notification job of each deadline set (once per case, kind and date). */
export async function scheduleDeadlines(q: Queryable, caseId: string, deadlines: Partial<Record<DeadlineColumn, string | null | undefined>>): Promise<void> {
  for (const [col, due] of Object.entries(deadlines) as Array<[DeadlineColumn, string | null | undefined]>) {
    if (!due || !(col in DEADLINES)) continue;
    const spec = DEADLINES[col];
    const runAt = new Date(`${addDays(due, -spec.lead)}T06:00:00Z`);
    await enqueue(q, 'cases.deadline', { caseId, column: col, due }, { runAt: runAt < new Date() ? new Date() : runAt, dedupeKey: `cases.deadline:${caseId}:${col}:${due}` });
  }
}

/**
 * Job handler: when a deadline approaches and still stands (same date, case still in a state where
 * it runs), notifies the owner team and/or the coordinators in the app.
 */
export async function runDeadlineJob(tx: Queryable, payload: Record<string, unknown>): Promise<void> {
  const caseId = String(payload.caseId);
  const col = String(payload.column) as DeadlineColumn;
  const due = String(payload.due);
  const spec = DEADLINES[col];
  if (!spec) return;
  const { rows } = await tx.query<{ due: string | null; reference: string }>(`SELECT to_char(${col}, 'YYYY-MM-DD') AS due, reference FROM cases WHERE id = $1`, [caseId]);
  if (!rows[0] || rows[0].due !== due) return;
  const users = new Set<string>();
  if (spec.toTeam) for (const u of await repo.ownerTeamUserIds(tx, caseId)) users.add(u);
  if (spec.toAuthority) for (const u of await repo.coordinatorIds(tx)) users.add(u);
  for (const userId of users) {
    await repo.insertNotification(tx, { id: crypto.randomUUID(), userId, caseId, kind: spec.kind, params: { due, reference: rows[0].reference }, dedupeKey: `${col}:${caseId}:${due}` });
  }
}

/**
 * Takes one step of the NRM path. The actor must stand to the case as a taker of the step
 * (policy `transition:<name>`), the case must be in a state it starts from (checked again in
 * the update, so two concurrent decisions cannot both pass), and the step's requirements must be
 * met; "refer on" names a known receiving organisation other than the owner (and optionally services).
 * Records who, when and why (reasons encrypted), sets and schedules deadlines. Audited.
 */
export async function transitionCase(deps: Deps, actor: Actor, id: string, name: TransitionName, input: TransitionInput & ReferOnInput, origin: Origin): Promise<void> {
  const { row, access } = await loadCase(deps, actor, id);
  if (!casesPolicy.can(actor, `transition:${name}`, 'Case', access)) throw new AppError('auth.forbidden');
  const settings = await getNrmSettings(deps.db);
  let result;
  try {
    result = applyTransition({ state: row.nrm_state, reconsiderationOf: row.reconsideration_of, reflectionEnds: row.reflection_ends }, name, input, isoDay(new Date()), settings);
  } catch (err) {
    if (err instanceof TransitionError) throw new AppError(err.code, {}, err.code === 'cases.transition_not_allowed' ? 409 : 400);
    throw err;
  }
  const referOn = name === 'refer_on' ? await receivingOrg(deps, row.owner_org_id, input) : null;
  const reason = input.reasons?.trim() ? deps.cipher.encrypt(input.reasons.trim(), AAD.eventReason) : null;
  await deps.db.transaction(async (tx) => {
    const patch: Partial<repo.CaseWrite> = { ...result.patch };
    if (name === 'close') patch.closure_reason = input.reasonCode ?? null;
    if (!(await repo.updateCase(tx, id, patch, row.nrm_state))) throw new AppError('conflict');
    await repo.logCaseEvent(tx, {
      caseId: id, actor, action: `nrm.${name}`, fromState: row.nrm_state, toState: result.to, reasonEnc: reason,
      details: { outcome: input.outcome ?? null, reasonCode: input.reasonCode ?? null, days: input.days ?? null, decision: result.decision ?? null, deadlines: pickDeadlines(result.patch), ...(referOn ?? {}) },
    });
    await scheduleDeadlines(tx, id, result.patch);
    await appendAudit(tx, [{
      actorUserId: actor.userId, actorOrgId: actor.orgId, action: `case.${name}`, resourceType: 'Case', resourceId: id, outcome: 'success', ip: origin.ip,
      details: { from: row.nrm_state, to: result.to, outcome: input.outcome ?? null, reasonCode: input.reasonCode ?? null, ...(referOn ?? {}) },
    }]);
    if (name === 'request_reconsideration') {
      for (const userId of await repo.coordinatorIds(tx)) {
        await repo.insertNotification(tx, { id: crypto.randomUUID(), userId, caseId: id, kind: 'reconsideration_requested', params: { reference: row.reference }, dedupeKey: null });
      }
    }
  });
}

function pickDeadlines(patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(DEADLINES)) if (patch[k] !== undefined) out[k] = patch[k];
  return out;
}

/** What "referred on" names: the receiving organisation and, optionally, the services it takes on. */
export interface ReferOnInput {
  toOrgId?: string;
  services?: string[];
}

/** The receiving organisation of a "referred on" step: required, known, and not the owner itself. */
async function receivingOrg(deps: Deps, ownerOrgId: string, input: ReferOnInput): Promise<{ toOrgId: string; services: string[] }> {
  if (!input.toOrgId) throw new AppError('cases.receiving_org_required', {}, 400);
  const org = input.toOrgId === ownerOrgId ? undefined : await findOrg(deps.db, input.toOrgId);
  if (!org) throw new AppError('cases.receiving_org_invalid', {}, 400);
  return { toOrgId: org.id, services: input.services ?? [] };
}

/** The transitions the actor may take on a case now (for the client; the server checks again). */
export function allowedTransitions(actor: Actor, row: repo.CaseRow, access: ReturnType<typeof import('./cases.service').accessOf>): TransitionName[] {
  return (Object.keys(TRANSITIONS) as TransitionName[]).filter(
    (t) => (TRANSITIONS[t].from as readonly string[]).includes(row.nrm_state) && casesPolicy.can(actor, `transition:${t}`, 'Case', access),
  );
}
