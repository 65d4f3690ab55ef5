import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../deps';
import { AppError } from './app-error';
import { resolveSession, tokenHash } from '../auth/auth.service';
import { isLocale, negotiateLocale } from '../i18n/i18n';

export const SESSION_COOKIE = 'jisr_session';
export const CSRF_COOKIE = 'jisr_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function requestedLocale(request: FastifyRequest) {
  const header = request.headers['x-jisr-locale'];
  return isLocale(header) ? header : undefined;
}

/**
 * Before any body is read: resolves the session, picks the language, enforces the route's
 * declared policy (default deny) and checks the CSRF token on every state change.
 */
export function registerAuthHook(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('locale', 'en');

  app.addHook('onRequest', async (request) => {
    request.locale = requestedLocale(request) ?? negotiateLocale(request.headers['accept-language']);
    if (!request.url.startsWith('/api/')) return;
    const config = request.routeOptions.config;
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const resolved = await resolveSession(deps, token);
      if (resolved) {
        request.session = {
          tokenHash: tokenHash(token),
          userId: resolved.session.user_id,
          stage: resolved.session.stage,
          csrfToken: resolved.session.csrf_token,
        };
        const enrolling = resolved.session.stage === 'enrol' && config?.allowDuringEnrolment === true;
        if (resolved.session.stage === 'active' || enrolling) request.actor = resolved.actor;
        request.locale = requestedLocale(request) ?? resolved.actor.locale;
      }
    }

    const policy = config?.policy;
    if (!policy) throw new AppError('not_found'); // unknown routes and routes without a policy are denied

    if (!SAFE_METHODS.has(request.method) && !config.csrfExempt) {
      const sent = request.headers[CSRF_HEADER];
      const expected = request.session?.csrfToken ?? request.cookies[CSRF_COOKIE];
      if (typeof sent !== 'string' || !expected || sent.length !== expected.length || sent !== expected) {
        throw new AppError('auth.csrf');
      }
    }

    if ('public' in policy) return;
    if (!request.actor) {
      if (request.session?.stage === 'enrol') throw new AppError('auth.totp_enrolment_required');
      throw new AppError(token ? 'auth.session_expired' : 'auth.unauthenticated');
    }
    if ('authenticated' in policy) return;
    if (!policy.policy.permits(request.actor, policy.action, policy.resource)) throw new AppError('auth.forbidden');
  });
}
