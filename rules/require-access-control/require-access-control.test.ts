import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import plugin = require('eslint-plugin-popdb');
import { createEslint, lintText } from '@popdb-guard/engine';
import { findEntryPoints, getProjectModel, policyFor, withProject, type Report } from '@popdb-guard/core';
import { allRules } from '@popdb-guard/rules';
import { FIXTURES, createRuleTester, projectFile } from '../../test/rule-tester';

const rule = plugin.rules['require-access-control'];

/** One project, many frameworks: test/fixtures/access-project (policy: guards requireLogin, roles kiemTraQuyen, one public route). */
const project = projectFile('access-project');
const ruleTester = createRuleTester(path.join(FIXTURES, 'access-project', 'popdb-policy.yaml'));
/** A file of the project that is not on disk: its imports resolve to the fixture's files. */
const inProject = (rel: string) => path.join(FIXTURES, 'access-project', rel);

ruleTester.run('require-access-control', rule, {
  valid: [
    {
      name: 'a public health check that queries nothing, next to the mounts in server.ts',
      ...project('src/server.ts'),
    },
    {
      name: 'routes guarded where their router is mounted in another file: app.use("/api", gioiHanTraCuu, requireLogin, kiemTraQuyen(...), hoSoRouter)',
      ...project('src/routes/ho-so.ts'),
    },
    {
      name: 'a socket.io server whose io.use middleware verifies the handshake token',
      ...project('src/socket/co-xac-thuc.ts'),
    },
    {
      name: 'CommonJS: module.exports = router, required and mounted with a limiter, requireLogin and a role check in app.js',
      ...project('src/cjs/routes/can-bo.js'),
    },
    {
      name: 'CommonJS: auth("tra-cuu") of the project (module.exports = auth) wraps passport.authenticate and checks user.role in a helper',
      ...project('src/cjs/routes/quyen.js'),
    },
    {
      name: 'a router mounted twice by a parent router that is itself mounted behind the guards: both paths are protected',
      ...project('src/nested/cong-dan.ts'),
    },
    {
      name: 'a BullMQ worker is internal: no caller to authenticate',
      ...project('src/jobs/worker.ts'),
    },
    {
      name: 'a Next.js route handler that only reads the system\'s own database',
      ...project('app/api/ho-so/route.ts'),
    },
    {
      name: 'an Express route that only reads the system\'s own database (no population-DB query)',
      filename: inProject('src/routes/chi-db.ts'),
      code: `import { Router } from 'express';
import { timHoSo } from '../services/ho-so.repository';
export const chiDbRouter = Router();
chiDbRouter.get('/ho-so/:ma', async (req, res) => res.json(await timHoSo(req.params.ma)));`,
    },
    {
      name: 'guard, role check and rate limiter passed as route middleware (a limiter defined in another file)',
      filename: inProject('src/routes/day-du.ts'),
      code: `import { Router } from 'express';
import passport from 'passport';
import { gioiHanTraCuu, kiemTraQuyen } from '../auth/middleware';
import { traCuuCongDan } from '../clients/dancu';
const router = Router();
router.get('/cong-dan/:so', gioiHanTraCuu, passport.authenticate('jwt', { session: false }), kiemTraQuyen('tra-cuu'), async (req, res) => {
  res.json(await traCuuCongDan(req.params.so));
});
export default router;`,
    },
    {
      name: 'express-jwt, express-rate-limit and requireRole registered with app.use before the route',
      filename: inProject('src/app2.ts'),
      code: `import express from 'express';
import { expressjwt } from 'express-jwt';
import rateLimit from 'express-rate-limit';
import { traCuuCongDan } from './clients/dancu';
declare function requireRole(role: string): express.RequestHandler;
const app = express();
app.use(expressjwt({ secret: process.env.JWT_SECRET ?? '', algorithms: ['HS256'] }));
app.use(rateLimit({ windowMs: 60_000, limit: 20 }));
app.use(requireRole('can-bo'));
app.post('/tra-cuu', async (req, res) => res.json(await traCuuCongDan(req.body.so)));`,
    },
    {
      name: 'express-openid-connect requiresAuth() and a role check inside the handler with an early return',
      filename: inProject('src/app3.ts'),
      code: `import express from 'express';
import { requiresAuth } from 'express-openid-connect';
import rateLimit from 'express-rate-limit';
import { traCuuCongDan } from './clients/dancu';
const app = express();
const limiter = rateLimit({ windowMs: 60_000, limit: 20 });
app.get('/cong-dan/:so', limiter, requiresAuth(), async (req, res) => {
  if (req.oidc.user?.role !== 'can-bo') return res.sendStatus(403);
  res.json(await traCuuCongDan(req.params.so));
});`,
    },
    {
      name: 'a CASL check (ForbiddenError.from(ability).throwUnlessCan) in a handler behind passport and a limiter',
      filename: inProject('src/app4.ts'),
      code: `import express from 'express';
import passport from 'passport';
import rateLimit from 'express-rate-limit';
import { ForbiddenError } from '@casl/ability';
import { traCuuCongDan } from './clients/dancu';
export const router = express.Router();
router.use(passport.authenticate('jwt', { session: false }), rateLimit({ limit: 10 }));
router.get('/cong-dan/:so', async (req, res) => {
  ForbiddenError.from(req.ability).throwUnlessCan('read', 'CongDan');
  res.json(await traCuuCongDan(req.params.so));
});`,
    },
    {
      name: 'an Express route with a path-scoped app.use("/api", requireLogin) covering it',
      filename: inProject('src/app5.ts'),
      code: `import express from 'express';
import rateLimit from 'express-rate-limit';
import { kiemTraQuyen, requireLogin } from './auth/middleware';
import { traCuuCongDan } from './clients/dancu';
const app = express();
app.use('/api', rateLimit({ limit: 10 }), requireLogin, kiemTraQuyen('tra-cuu'));
app.get('/api/cong-dan/:so', async (req, res) => res.json(await traCuuCongDan(req.params.so)));`,
    },
    {
      name: 'a route listed in access.public with a reason (mounted under /api/cong-khai in server.ts)',
      filename: inProject('src/routes/cong-khai.ts'),
      code: `import { Router } from 'express';
import { CongDanService } from '../services/cong-dan.service';
export const congKhaiRouter = Router();
const service = new CongDanService();
congKhaiRouter.get('/trang-thai/:maHoSo', async (req, res) => res.json(await service.tim(String(req.query.so))));`,
    },
    {
      name: 'a Next.js route handler wrapped in NextAuth v5 auth(), with a role check and a rate limit inside',
      filename: inProject('app/api/xac-minh/route.ts'),
      code: `import { auth } from '../../../auth';
import { traCuuCongDan } from '../../../src/clients/dancu';
declare const ratelimit: { limit(key: string): Promise<{ success: boolean }> };
export const POST = auth(async (req) => {
  if (!req.auth?.user.roles.includes('can-bo')) return new Response(null, { status: 403 });
  const { success } = await ratelimit.limit(req.auth.user.id);
  if (!success) return new Response(null, { status: 429 });
  return Response.json(await traCuuCongDan((await req.json()).so));
});`,
    },
    {
      name: 'a Koa route behind koa-jwt, a role middleware and a rate limiter registered with app.use before router.routes()',
      filename: inProject('src/koa/an-toan.ts'),
      code: `import Koa from 'koa';
import Router from '@koa/router';
import jwt from 'koa-jwt';
import { traCuuCongDan } from '../clients/dancu';
declare function requireRole(role: string): Koa.Middleware;
declare function rateLimiter(opts: object): Koa.Middleware;
const app = new Koa();
const router = new Router();
router.get('/cong-dan/:so', async (ctx) => { ctx.body = await traCuuCongDan(ctx.params.so); });
app.use(jwt({ secret: 'k' }));
app.use(rateLimiter({ max: 10 }));
app.use(requireRole('can-bo'));
app.use(router.routes());`,
    },
  ],
  invalid: [
    {
      name: 'NestJS middleware bound in a module (consumer.apply(XacThucMiddleware).exclude(...).forRoutes(Controller)): covered methods lack role and rate; the excluded one lacks authentication',
      ...project('src/nest/tai-khoan/tai-khoan.controller.ts'),
      errors: [
        { messageId: 'noRoleCheck', line: 10, column: 3 },
        { messageId: 'noRateLimit', line: 10, column: 3 },
        { messageId: 'noAuthentication', line: 16, column: 3 },
      ],
    },
    {
      name: 'CommonJS: an exported catchAsync(...) handler of a controller file, in a router required and mounted with no guard',
      ...project('src/cjs/routes/mo.js'),
      errors: [{ messageId: 'noAuthentication', line: 5, column: 1 }],
    },
    {
      name: 'routing-controllers: @Authorized("can-bo") authenticates and checks the role (no rate limit); an action without it does neither',
      ...project('src/rc/cong-dan.controller.ts'),
      errors: [
        { messageId: 'noRateLimit', line: 11, column: 3 },
        { messageId: 'noAuthentication', line: 16, column: 3 },
      ],
    },
    {
      name: 'a public lookup route: handler in a router file, service in another, the dancu client in a third',
      ...project('src/routes/cong-khai.ts'),
      errors: [{ messageId: 'noAuthentication', line: 9, column: 1 }],
    },
    {
      name: 'router.use(requireLogin) authenticates; one route lacks a role check and a rate limit, the other a role check',
      ...project('src/routes/noi-bo.ts'),
      errors: [
        { messageId: 'noRoleCheck', line: 12, column: 1 },
        { messageId: 'noRateLimit', line: 12, column: 1 },
        { messageId: 'noRoleCheck', line: 17, column: 1 },
      ],
    },
    {
      name: 'a route registered before router.use(...) is not covered by it',
      ...project('src/routes/bao-cao.ts'),
      errors: [{ messageId: 'noAuthentication', line: 8, column: 1 }],
    },
    {
      name: 'routes added by a registration function called with the app (registerLegacy(app)) after an /api-scoped guard',
      ...project('src/routes/legacy.ts'),
      errors: [{ messageId: 'noAuthentication', line: 6, column: 3 }],
    },
    {
      name: 'Fastify: plugin-level addHook("onRequest", fastify.authenticate) and a parent rate limit; route({ handler }) without a role check',
      ...project('src/fastify/tra-cuu.routes.ts'),
      errors: [{ messageId: 'noRoleCheck', line: 14, column: 3 }],
    },
    {
      name: 'Fastify: a route without onRequest in a plugin with no hook (the parent only rate-limits)',
      ...project('src/fastify/mo.routes.ts'),
      errors: [{ messageId: 'noAuthentication', line: 6, column: 3 }],
    },
    {
      name: 'Hono: app.use("/api/*", jwt(...)) covers /api routes only',
      ...project('src/hono/app.ts'),
      errors: [
        { messageId: 'noRoleCheck', line: 10, column: 1 },
        { messageId: 'noRateLimit', line: 10, column: 1 },
        { messageId: 'noAuthentication', line: 13, column: 1 },
      ],
    },
    {
      name: 'Hono: a sub-app mounted with app.route("/v3", hoSo) under app.use("/v3/*", bearerAuth(...)) in another file is authenticated',
      ...project('src/hono/ho-so.ts'),
      errors: [
        { messageId: 'noRoleCheck', line: 7, column: 1 },
        { messageId: 'noRateLimit', line: 7, column: 1 },
      ],
    },
    {
      name: 'a router mounted behind the guards (through a parent router) and also straight on the app: the unguarded mount decides',
      ...project('src/nested/hai-duong.ts'),
      errors: [{ messageId: 'noAuthentication', line: 6, column: 1 }],
    },
    {
      name: 'a route that only puts a job on the queue whose BullMQ worker (another file) looks the citizen up; a queue with no such worker is not a lookup',
      ...project('src/routes/xac-minh-lo.ts'),
      errors: [{ messageId: 'noAuthentication', line: 8, column: 1 }],
    },
    {
      name: 'koa-router route mounted with app.use(router.routes()) and no guard',
      ...project('src/koa/app.ts'),
      errors: [{ messageId: 'noAuthentication', line: 8, column: 1 }],
    },
    {
      name: 'a socket.io event handler on a server with no io.use authentication (the ping handler queries nothing)',
      ...project('src/socket/mo.ts'),
      errors: [{ messageId: 'noAuthentication', line: 8, column: 3 }],
    },
    {
      name: 'a Next.js API route (pages/api) whose default export looks citizens up: reported at the handler\'s name',
      ...project('pages/api/tra-cuu.ts'),
      errors: [{ messageId: 'noAuthentication', line: 4, column: 31 }],
    },
    {
      name: 'Next.js route handlers: GET checks the session, role and rate; POST reads the session and never checks it',
      ...project('app/api/cong-dan/route.ts'),
      errors: [{ messageId: 'noAuthentication', line: 17, column: 23 }],
    },
    {
      name: 'NestJS: @UseGuards(AuthGuard("jwt"), RolesGuard, ThrottlerGuard) passes; a method with no guard; @Throttle without a role check',
      ...project('src/nest/cong-dan.controller.ts'),
      errors: [
        { messageId: 'noAuthentication', line: 20, column: 3 },
        { messageId: 'noRoleCheck', line: 27, column: 3 },
      ],
    },
    {
      name: 'the fix data names the policy\'s own guard',
      filename: inProject('src/routes/moi.ts'),
      code: `import { Router } from 'express';
import { traCuuCongDan } from '../clients/dancu';
export const moiRouter = Router();
moiRouter.get('/cong-dan/:so', async (req, res) => res.json(await traCuuCongDan(req.params.so)));`,
      errors: [{ messageId: 'noAuthentication', line: 4, column: 1 }],
    },
  ],
});

const nestGlobal = projectFile('access-nest-global');

createRuleTester(path.join(FIXTURES, 'access-nest-global', 'popdb-policy.yaml')).run('require-access-control (NestJS global guards)', rule, {
  valid: [],
  invalid: [
    {
      name: 'APP_GUARD JwtAuthGuard and ThrottlerGuard cover the controller; @Public() takes a method out of the authentication',
      ...nestGlobal('src/cong-dan.controller.ts'),
      errors: [{ messageId: 'noAuthentication', line: 20, column: 3 }],
    },
  ],
});

const monorepo = projectFile('access-nest-monorepo');

createRuleTester(path.join(FIXTURES, 'access-nest-monorepo', 'popdb-policy.yaml')).run('require-access-control (NestJS monorepo)', rule, {
  valid: [],
  invalid: [
    {
      name: 'a global guard in one application covers its controllers: only the role check is missing',
      ...monorepo('apps/cong-dan/src/cong-dan.controller.ts'),
      errors: [{ messageId: 'noRoleCheck', line: 7, column: 9 }],
    },
    {
      name: 'a global guard of another application in the same repository does not cover this one',
      ...monorepo('apps/noi-bo/src/noi-bo.controller.ts'),
      errors: [{ messageId: 'noAuthentication', line: 8, column: 9 }],
    },
  ],
});

const spa = projectFile('access-spa');

createRuleTester(path.join(FIXTURES, 'access-spa', 'popdb-policy.yaml')).run('require-access-control (not a Next.js package)', rule, {
  valid: [{ name: 'a pages/api folder of a React app without the next dependency holds client helpers, not routes', ...spa('src/pages/api/tra-cuu.ts') }],
  invalid: [],
});

const nextMiddleware = projectFile('access-next-middleware');

createRuleTester(path.join(FIXTURES, 'access-next-middleware', 'popdb-policy.yaml')).run('require-access-control (Next.js middleware.ts)', rule, {
  valid: [],
  invalid: [
    {
      name: 'a route handler under the NextAuth middleware\'s matcher is authenticated (role and rate still missing)',
      ...nextMiddleware('app/api/cong-dan/route.ts'),
      errors: [
        { messageId: 'noRoleCheck', line: 4, column: 23 },
        { messageId: 'noRateLimit', line: 4, column: 23 },
      ],
    },
    {
      name: 'a route handler outside the matcher is not',
      ...nextMiddleware('app/api/public/tra-cuu/route.ts'),
      errors: [{ messageId: 'noAuthentication', line: 4, column: 23 }],
    },
  ],
});

/** The rule's reports on a fixture file, with their data: what messages name and what a fix reads. */
function reportsOf(fixture: string, rel: string): Report[] {
  const fileName = path.join(FIXTURES, fixture, rel);
  const text = fs.readFileSync(fileName, 'utf8');
  const policy = policyFor(fileName);
  if (!policy.ok) throw new Error(JSON.stringify(policy.problems));
  const definition = allRules.find((r) => r.meta.name === 'require-access-control')!;
  const reports: Report[] = [];
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  definition.checkSource!(withProject({ fileName, text, policy: policy.policy, sourceFile, testCode: false, report: (r: Report) => reports.push(r) }));
  return reports;
}

describe('require-access-control: what a finding carries', () => {
  it('names the route with its mount prefix, the framework and the chain from the handler to the query', () => {
    const [r] = reportsOf('access-project', 'src/routes/cong-khai.ts');
    expect(r).toMatchObject({ messageId: 'noAuthentication', data: { route: 'POST /api/cong-khai/tra-cuu', framework: 'express', kind: 'http', method: 'POST', path: '/api/cong-khai/tra-cuu', chain: 'CongDanService.tim → traCuuCongDan → dancuApi.post', guard: 'requireLogin' } });
    // the location is the route registration call: `congKhaiRouter.post(...)` from its first character to its closing parenthesis
    const text = fs.readFileSync(path.join(FIXTURES, 'access-project', 'src/routes/cong-khai.ts'), 'utf8');
    expect(text.slice(r.start, r.end)).toMatch(/^congKhaiRouter\.post\('\/tra-cuu', async[\s\S]*\}\)$/);
  });

  it('reports a NestJS method at its name, with the controller prefix and the injected service in the chain', () => {
    const reports = reportsOf('access-project', 'src/nest/cong-dan.controller.ts');
    const text = fs.readFileSync(path.join(FIXTURES, 'access-project', 'src/nest/cong-dan.controller.ts'), 'utf8');
    expect(reports.map((r) => [r.messageId, text.slice(r.start, r.end), r.data?.route])).toEqual([
      ['noAuthentication', 'xacMinh', 'POST /nest/cong-dan/xac-minh'],
      ['noRoleCheck', 'gioiHan', 'GET /nest/cong-dan/gioi-han/:so'],
    ]);
    expect(reports[0].data?.chain).toBe('CongDanController.xacMinh → CongDanService.tim → traCuuCongDan → dancuApi.post');
  });

  it('names socket events, Fastify prefixes and Next.js file routes', () => {
    expect(reportsOf('access-project', 'src/socket/mo.ts')[0].data).toMatchObject({ route: 'socket.io "tra-cuu"', kind: 'socket', framework: 'socket.io', method: 'SOCKET', path: 'tra-cuu' });
    expect(reportsOf('access-project', 'src/fastify/mo.routes.ts')[0].data).toMatchObject({ route: 'GET /v2/mo/cong-dan/:so', framework: 'fastify' });
    expect(reportsOf('access-project', 'pages/api/tra-cuu.ts')[0].data).toMatchObject({ route: 'ALL /api/tra-cuu', framework: 'nextjs' });
    expect(reportsOf('access-nest-global', 'src/cong-dan.controller.ts').map((r) => r.data?.route)).toEqual(['GET /cong-dan/cong-khai/:so']);
  });

  it('names the queue in the chain of a route that enqueues a lookup', () => {
    expect(reportsOf('access-project', 'src/routes/xac-minh-lo.ts').map((r) => r.data?.chain)).toEqual(['queue "xac-minh" → traCuuCongDan → dancuApi.post']);
  });

  it('finds queue consumers as entry points and never reports them (a job has no caller to authenticate)', () => {
    const fileName = path.join(FIXTURES, 'access-project', 'src/jobs/worker.ts');
    const policy = policyFor(fileName);
    if (!policy.ok) throw new Error('policy');
    const model = getProjectModel(fileName, policy.policy);
    const entries = findEntryPoints(model, model.fileIndex(fileName)!);
    expect(entries.map((e) => [e.framework, e.kind, e.path])).toEqual([['queue', 'queue', 'xac-minh']]);
    expect(reportsOf('access-project', 'src/jobs/worker.ts')).toEqual([]);
  });

  it('is an error without authentication and a warning without a role check or a rate limit, in every popdb-guard host', async () => {
    const file = path.join(FIXTURES, 'access-project', 'src/routes/noi-bo.ts');
    const policy = policyFor(file);
    if (!policy.ok) throw new Error('policy');
    const eslint = createEslint(policy.policy, path.join(FIXTURES, 'access-project'));
    const findings = (await lintText(eslint, file, fs.readFileSync(file, 'utf8'))).filter((f) => f.ruleId === 'popdb/require-access-control');
    expect(findings.map((f) => `${f.messageId} ${f.line} ${f.severity}`)).toEqual(['noRoleCheck 12 warning', 'noRateLimit 12 warning', 'noRoleCheck 17 warning']);
    const open = path.join(FIXTURES, 'access-project', 'src/routes/bao-cao.ts');
    const errors = (await lintText(eslint, open, fs.readFileSync(open, 'utf8'))).filter((f) => f.ruleId === 'popdb/require-access-control');
    expect(errors.map((f) => `${f.messageId} ${f.line} ${f.severity}`)).toEqual(['noAuthentication 8 error']);
  });
});
