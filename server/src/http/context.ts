import type { FastifyRequest } from 'fastify';
import type { Actor, RoutePolicy } from '../auth/policy';
import type { Locale } from '../i18n/i18n';
import { AppError } from './app-error';
import type { AuditEntry } from '../audit/audit.repository';

/** The session behind a request, when there is one. */
export interface RequestSession {
  tokenHash: string;
  userId: string;
  stage: 'totp' | 'enrol' | 'active';
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every /api route declares who may call it (enforced at start-up and by a test). */
    policy?: RoutePolicy;
    /** Routes reachable by a signed-in user who still has to enrol two-factor authentication. */
    allowDuringEnrolment?: boolean;
    /** State-changing routes exempt from the CSRF token (sign-in: JSON-only and SameSite cookies). */
    csrfExempt?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    session: RequestSession | null;
    locale: Locale;
  }
}

/** The actor of a request that passed its route policy; throws 401 if there is none. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('auth.unauthenticated');
  return request.actor;
}

/** Fills the who/where of an audit entry from the request. */
export function auditFrom(request: FastifyRequest, entry: Omit<AuditEntry, 'actorUserId' | 'actorOrgId' | 'ip'>): AuditEntry {
  return {
    actorUserId: request.actor?.userId ?? null,
    actorOrgId: request.actor?.orgId ?? null,
    ip: request.ip,
    ...entry,
  };
}
