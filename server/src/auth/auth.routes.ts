import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { Deps } from '../deps';
import * as service from './auth.service';
import * as S from './auth.schema';
import { findUserById } from './auth.repository';
import { findOrg } from '../orgs/orgs.repository';
import { presentMe } from './auth.presenter';
import { permissionsOf } from './policy';
import { AppError } from '../http/app-error';
import { actorOf } from '../http/context';
import { setSessionCookies, setCsrfCookie, clearSessionCookie } from '../http/cookies';
import { CSRF_COOKIE } from '../http/auth-hook';

const tags = ['auth'];

function sessionOf(request: FastifyRequest) {
  if (!request.session) throw new AppError('auth.unauthenticated');
  return request.session;
}

/** Sign-in, sign-out, two-factor authentication and the signed-in user's own settings. */
export async function authRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get('/api/auth/session', {
    schema: { tags, summary: 'The current session, the user and their permissions', response: { 200: S.SessionReply } },
    config: { policy: { public: true, reason: 'tells the client whether it is signed in' } },
  }, async (request, reply) => {
    const s = request.session;
    if (!s) {
      let csrf = request.cookies[CSRF_COOKIE];
      if (!csrf) {
        csrf = crypto.randomBytes(32).toString('base64url');
        setCsrfCookie(reply, request, deps.config, csrf);
      }
      return { stage: 'anonymous' as const, csrfToken: csrf, permissions: [] };
    }
    const user = await findUserById(deps.db, s.userId);
    const org = user && (await findOrg(deps.db, user.org_id));
    if (!user || !org) throw new AppError('auth.unauthenticated');
    return {
      stage: s.stage,
      csrfToken: s.csrfToken,
      user: s.stage === 'totp' ? undefined : presentMe(user, org),
      permissions: request.actor ? permissionsOf(request.actor) : [],
    };
  });

  app.post('/api/auth/login', {
    schema: { tags, summary: 'Sign in with e-mail and password', body: S.LoginBody, response: { 200: S.LoginReply } },
    config: { policy: { public: true, reason: 'sign-in' }, csrfExempt: true },
  }, async (request, reply) => {
    const { email, password } = request.body as Static<typeof S.LoginBody>;
    const issued = await service.login(deps, email, password, { ip: request.ip });
    setSessionCookies(reply, request, deps.config, issued.token, issued.csrfToken);
    const status = issued.stage === 'totp' ? 'totp_required' : issued.stage === 'enrol' ? 'totp_enrolment_required' : 'ok';
    return { status, csrfToken: issued.csrfToken };
  });

  app.post('/api/auth/login/totp', {
    schema: { tags, summary: 'Second sign-in step: the code from the authenticator app', body: S.TotpBody, response: { 200: S.LoginReply } },
    config: { policy: { public: true, reason: 'second sign-in step' }, csrfExempt: true },
  }, async (request, reply) => {
    const s = sessionOf(request);
    if (s.stage !== 'totp') throw new AppError('auth.unauthenticated');
    const { code } = request.body as Static<typeof S.TotpBody>;
    const issued = await service.completeTotp(deps, s.tokenHash, s.userId, code, { ip: request.ip });
    setSessionCookies(reply, request, deps.config, issued.token, issued.csrfToken);
    return { status: 'ok' as const, csrfToken: issued.csrfToken };
  });

  app.post('/api/auth/logout', {
    schema: { tags, summary: 'Sign out', response: { 200: S.Ok } },
    config: { policy: { public: true, reason: 'ends whatever session the cookie names' } },
  }, async (request, reply) => {
    if (request.session) await service.logout(deps, request.session.tokenHash, request.actor, { ip: request.ip });
    clearSessionCookie(reply);
    return { ok: true as const };
  });

  app.post('/api/auth/totp/setup', {
    schema: { tags, summary: 'Start two-factor enrolment: a new secret and its QR code', response: { 200: S.TotpSetupReply } },
    config: { policy: { authenticated: true }, allowDuringEnrolment: true },
  }, async (request) => service.startTotpEnrolment(deps, actorOf(request)));

  app.post('/api/auth/totp/enable', {
    schema: { tags, summary: 'Confirm two-factor enrolment with a first code', body: S.TotpBody, response: { 200: S.LoginReply } },
    config: { policy: { authenticated: true }, allowDuringEnrolment: true },
  }, async (request, reply) => {
    const { code } = request.body as Static<typeof S.TotpBody>;
    const issued = await service.confirmTotpEnrolment(deps, actorOf(request), sessionOf(request).tokenHash, code, { ip: request.ip });
    setSessionCookies(reply, request, deps.config, issued.token, issued.csrfToken);
    return { status: 'ok' as const, csrfToken: issued.csrfToken };
  });

  app.post('/api/auth/totp/disable', {
    schema: { tags, summary: 'Turn two-factor authentication off (password required)', body: S.PasswordBody, response: { 200: S.Ok } },
    config: { policy: { authenticated: true } },
  }, async (request) => {
    const { password } = request.body as Static<typeof S.PasswordBody>;
    await service.disableTotp(deps, actorOf(request), password, { ip: request.ip });
    return { ok: true as const };
  });

  app.post('/api/me/password', {
    schema: { tags, summary: 'Change my password', body: S.ChangePasswordBody, response: { 200: S.Ok } },
    config: { policy: { authenticated: true } },
  }, async (request) => {
    const { currentPassword, newPassword } = request.body as Static<typeof S.ChangePasswordBody>;
    await service.changePassword(deps, actorOf(request), sessionOf(request).tokenHash, currentPassword, newPassword, { ip: request.ip });
    return { ok: true as const };
  });

  app.patch('/api/me', {
    schema: { tags, summary: 'Change my interface language', body: S.UpdateMeBody, response: { 200: S.Ok } },
    config: { policy: { authenticated: true } },
  }, async (request) => {
    const { locale } = request.body as Static<typeof S.UpdateMeBody>;
    await service.saveLocale(deps, actorOf(request), locale);
    return { ok: true as const };
  });
}
