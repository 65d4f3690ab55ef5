import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import { Type } from 'typebox';
import type { Deps } from './deps';
import { registerAuthHook } from './http/auth-hook';
import { errorHandler } from './http/error-handler';
import { AppError } from './http/app-error';
import { authRoutes } from './auth/auth.routes';
import { orgsRoutes } from './orgs/orgs.routes';
import { auditRoutes } from './audit/audit.routes';
import { screeningRoutes } from './screening/screening.routes';
import { statsRoutes } from './stats/stats.routes';
import { exchangeRoutes } from './exchange/exchange.routes';
import { casesRoutes } from './cases/cases.routes';
import { referralsRoutes } from './referrals/referrals.routes';
import './http/context';

/** A registered route and the policy it declared, for the route-policy test. */
export interface RouteRecord {
  method: string;
  url: string;
  hasPolicy: boolean;
}

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
  /** Folder of the built web app to serve; none in API tests. */
  webDir?: string;
}

/** Log options: ids and routes only. Query strings, cookies and auth headers never reach the log. */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'], remove: true },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: req.url.split('?')[0], id: req.id }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/** An onRoute hook that records every route and throws for an /api route that declares no policy. */
export function policyGuard(routes: RouteRecord[]): (route: RouteOptions) => void {
  return (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      const hasPolicy = Boolean(route.config && (route.config as { policy?: unknown }).policy);
      routes.push({ method, url: route.url, hasPolicy });
      if (route.url.startsWith('/api/') && !hasPolicy) throw new Error(`Route ${method} ${route.url} declares no policy`);
    }
  };
}

/** Builds the Jisr HTTP application over the given dependencies. Every /api route must declare a policy or start-up fails. */
export async function buildApp(deps: Deps, options: BuildOptions = {}): Promise<FastifyInstance & { jisrRoutes: RouteRecord[] }> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
    genReqId: () => crypto.randomUUID(),
  });
  const routes: RouteRecord[] = [];
  app.addHook('onRoute', policyGuard(routes));

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Jisr API', version: '0.1.0', description: 'Jisr: identification, referral, protection and privacy-safe statistics for counter-trafficking responses.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'jisr_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
  });

  app.setErrorHandler(errorHandler);
  registerAuthHook(app, deps);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'");
    if (reply.request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.get('/api/health', {
    schema: { tags: ['system'], summary: 'Is the service up and its database reachable?', response: { 200: Type.Object({ status: Type.String(), database: Type.String() }), 503: Type.Object({ status: Type.String(), database: Type.String() }) } },
    config: { policy: { public: true, reason: 'load balancer health check' } },
  }, async (_request, reply) => {
    try {
      await deps.db.query('SELECT 1');
      return { status: 'ok', database: 'up' };
    } catch {
      return reply.status(503).send({ status: 'degraded', database: 'down' });
    }
  });

  app.get('/api/openapi.json', {
    schema: { hide: true },
    config: { policy: { public: true, reason: 'API description' } },
  }, async () => app.swagger());

  await authRoutes(app, deps);
  await orgsRoutes(app, deps);
  await auditRoutes(app, deps);
  await statsRoutes(app, deps);
  await exchangeRoutes(app, deps);
  await screeningRoutes(app, deps);
  await casesRoutes(app, deps);
  await referralsRoutes(app, deps);

  const webDir = options.webDir;
  if (webDir && fs.existsSync(path.join(webDir, 'index.html'))) {
    // Brotli or gzip copies made at build time (scripts/precompress.mjs) go to browsers that accept
    // them; files under assets/ have content hashes in their names, so browsers keep them for a year.
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: ['index.html'],
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, file) => {
        void reply.header('cache-control', path.relative(webDir, file).startsWith(`assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    const indexHtml = fs.readFileSync(path.join(webDir, 'index.html'));
    // Any other GET outside /api is a page of the single-page app.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/')) {
        void reply.type('text/html').header('cache-control', 'no-cache').send(indexHtml);
        return;
      }
      throw new AppError('not_found');
    });
  } else {
    app.setNotFoundHandler(() => {
      throw new AppError('not_found');
    });
  }

  await app.ready();
  return Object.assign(app, { jisrRoutes: routes }) as FastifyInstance & { jisrRoutes: RouteRecord[] };
}
