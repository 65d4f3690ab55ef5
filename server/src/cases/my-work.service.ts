import type { Deps } from '../deps';
import type { Actor } from '../auth/policy';
import { AppError } from '../http/app-error';
import { casesPolicy } from './cases.policy';
import * as repo from './cases.repository';
import * as referrals from '../referrals/referrals.repository';
import { addDays, isoDay } from './nrm';

/** One case that needs the actor's action, and why. */
export interface WorkItem {
  caseId: string;
  reference: string;
  state: string;
  kind: 'rg_due' | 'reconsideration' | 'cg_due' | 'reflection_ending' | 'follow_up_overdue' | 'deadline';
  due: string | null;
  overdue: boolean;
}

/** "My work": what needs the actor's action now, with unread notifications. */
export interface MyWork {
  decisions: WorkItem[];
  reflectionEnding: WorkItem[];
  followUps: WorkItem[];
  upcoming: WorkItem[];
  referralsIncoming: referrals.ReferralRow[];
  referralsSent: referrals.ReferralRow[];
  nrmReferrals: Array<{ id: string; created_at: Date; from_org_name: string; is_child: boolean }>;
  notifications: repo.NotificationRow[];
}

/**
 * What needs the actor's action: NRM decisions due (coordinators), recovery and reflection periods
 * ending in the next 7 days, overdue follow-ups, other deadlines of the actor's cases within 45
 * days, referrals waiting for an answer (received, and sent by the actor's teams), NRM referrals
 * from first responders waiting for a case to be opened, and in-app notifications.
 */
export async function myWork(deps: Deps, actor: Actor): Promise<MyWork> {
  if (!casesPolicy.permits(actor, 'read', 'MyWork')) throw new AppError('auth.forbidden');
  const today = isoDay(new Date());
  const soon = addDays(today, 7);
  const coordinator = actor.role === 'coordinator';
  const rows = await repo.casesWithDeadlines(deps.db, actor, addDays(today, coordinator ? 7 : 45), !coordinator && actor.role === 'caseworker');
  const decisions: WorkItem[] = [];
  const reflectionEnding: WorkItem[] = [];
  const followUps: WorkItem[] = [];
  const upcoming: WorkItem[] = [];
  const item = (r: repo.CaseRow, kind: WorkItem['kind'], due: string | null): WorkItem => ({ caseId: r.id, reference: r.reference, state: r.nrm_state, kind, due, overdue: due !== null && due < today });
  for (const r of rows) {
    if (coordinator) {
      if ((r.nrm_state === 'referred' || r.nrm_state === 'under_assessment') && r.rg_due) decisions.push(item(r, 'rg_due', r.rg_due));
      if (r.nrm_state === 'reconsideration') decisions.push(item(r, 'reconsideration', null));
      if (r.nrm_state === 'reflection' && r.cg_due && r.cg_due <= soon) decisions.push(item(r, 'cg_due', r.cg_due));
    }
    if (r.nrm_state === 'reflection' && r.reflection_ends) {
      if (r.reflection_ends <= soon) reflectionEnding.push(item(r, 'reflection_ending', r.reflection_ends));
      else upcoming.push(item(r, 'reflection_ending', r.reflection_ends));
    }
    if (r.nrm_state === 'assistance' && r.follow_up_due) {
      if (r.follow_up_due < today) followUps.push(item(r, 'follow_up_overdue', r.follow_up_due));
      else upcoming.push(item(r, 'deadline', r.follow_up_due));
    }
    if (!coordinator && (r.nrm_state === 'referred' || r.nrm_state === 'under_assessment') && r.rg_due) upcoming.push(item(r, 'rg_due', r.rg_due));
  }
  const isCaseworker = actor.role === 'caseworker';
  const [incoming, sent, notifications] = await Promise.all([
    isCaseworker ? referrals.listIncoming(deps.db, actor.orgId, 'pending', 50) : Promise.resolve([]),
    isCaseworker ? referrals.listSentPending(deps.db, actor.userId) : Promise.resolve([]),
    repo.listNotifications(deps.db, actor.userId, 30),
  ]);
  const nrm = isCaseworker || coordinator
    ? (await deps.db.query<{ id: string; created_at: Date; from_org_name: string; is_child: boolean }>(
      `SELECT r.id, r.created_at, o.name AS from_org_name, r.is_child FROM nrm_referrals r JOIN orgs o ON o.id = r.from_org_id
       WHERE r.to_org_id = $1 AND r.status = 'pending' ORDER BY r.created_at LIMIT 50`, [actor.orgId])).rows
    : [];
  return { decisions, reflectionEnding, followUps, upcoming, referralsIncoming: incoming, referralsSent: sent, nrmReferrals: nrm, notifications };
}
