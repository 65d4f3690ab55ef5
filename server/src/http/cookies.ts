import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { SESSION_COOKIE, CSRF_COOKIE } from './auth-hook';

function secure(config: Config, request: FastifyRequest): boolean {
  return config.secureCookies || request.protocol === 'https';
}

/** Sets the session cookie (httpOnly, SameSite=Strict, Secure behind TLS) and the readable CSRF cookie. */
export function setSessionCookies(reply: FastifyReply, request: FastifyRequest, config: Config, token: string, csrfToken: string): void {
  const s = secure(config, request);
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: s, path: '/' });
  reply.setCookie(CSRF_COOKIE, csrfToken, { httpOnly: false, sameSite: 'strict', secure: s, path: '/' });
}

/** Sets a pre-session CSRF cookie for the sign-in page. */
export function setCsrfCookie(reply: FastifyReply, request: FastifyRequest, config: Config, csrfToken: string): void {
  reply.setCookie(CSRF_COOKIE, csrfToken, { httpOnly: false, sameSite: 'strict', secure: secure(config, request), path: '/' });
}

/** Removes the session cookie. */
export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
