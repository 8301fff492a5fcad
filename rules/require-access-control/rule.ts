import { accessGaps, defaults, defineRule, type AccessGap } from '@popdb-guard/core';

export type MessageIds = 'noAuthentication' | 'noRoleCheck' | 'noRateLimit';

const MESSAGE: Record<AccessGap['missing'][number], MessageIds> = { auth: 'noAuthentication', role: 'noRoleCheck', rate: 'noRateLimit' };

const LEGAL_VI = '(Hướng dẫn của UBND TP Hà Nội 2022; Công văn 2112/UBND-KSTTHC)';
const LEGAL_EN = '(Hanoi guidance 2022; Official letter 2112/UBND-KSTTHC)';
const LEGAL_RATE_VI = '(UBND tỉnh Bình Thuận 30/1/2024; Công văn 5722/TCTTKĐA)';
const LEGAL_RATE_EN = '(Binh Thuan People\'s Committee 30/1/2024; Official letter 5722/TCTTKDA)';

export default defineRule<MessageIds>({
  meta: {
    name: 'require-access-control',
    type: 'problem',
    description: {
      vi: 'Bắt buộc xác thực người gọi (và nên kiểm tra vai trò, giới hạn tần suất) ở mọi điểm vào dẫn tới truy vấn CSDLQG về dân cư',
      en: 'Require authentication (and a role check and a rate limit) on every entry point that reaches a population-DB query',
    },
    messages: {
      noAuthentication: {
        vi: `{{route}} ({{framework}}) dẫn tới truy vấn CSDLQG về dân cư ({{chain}}) mà không xác thực người gọi: bất kỳ ai cũng gọi được, hệ thống thành cửa ngõ công khai vào CSDLQG. Hãy thêm middleware/guard xác thực ({{guards}}) hoặc khai báo tuyến công khai có lý do trong access.public ${LEGAL_VI}.`,
        en: `{{route}} ({{framework}}) reaches a population-DB query ({{chain}}) without authenticating the caller: anyone can call it, which makes the system a public proxy to the national database. Add an authentication middleware or guard ({{guards}}), or list the route with a reason in access.public ${LEGAL_EN}.`,
      },
      noRoleCheck: {
        vi: `{{route}} ({{framework}}) có xác thực nhưng không kiểm tra vai trò/quyền trước khi truy vấn CSDLQG về dân cư ({{chain}}): mọi tài khoản đều tra cứu được. Chỉ khai thác trong phạm vi chức năng, nhiệm vụ; thêm kiểm tra vai trò ({{roles}}) ${LEGAL_VI}.`,
        en: `{{route}} ({{framework}}) authenticates but checks no role or permission before the population-DB query ({{chain}}): every account can look citizens up. Lookups must stay within the officer's role and duties; add a role check ({{roles}}) ${LEGAL_EN}.`,
      },
      noRateLimit: {
        vi: `{{route}} ({{framework}}) không giới hạn tần suất gọi trước khi truy vấn CSDLQG về dân cư ({{chain}}): một tài khoản hay một địa chỉ IP có thể tra cứu hàng loạt. Thêm bộ giới hạn tần suất ({{rateLimiters}}) ${LEGAL_RATE_VI}.`,
        en: `{{route}} ({{framework}}) has no rate limit before the population-DB query ({{chain}}): one account or one IP address can look citizens up in bulk. Add a rate limiter ({{rateLimiters}}) ${LEGAL_RATE_EN}.`,
      },
    },
    legal: ['hanoi2022', 'cv2112', 'binhthuan2024'],
    defaultSeverity: 'error',
    recommended: true,
    // no role check and no rate limit are "should": warnings in every popdb-guard host, under an error-level rule (docs/access-control.md)
    warningMessages: ['noRoleCheck', 'noRateLimit'],
    languages: ['source'],
    testCode: 'none', // tests call handlers with mocks, not the population DB
  },

  checkSource(ctx) {
    const model = ctx.project;
    const file = model.fileIndex(ctx.fileName, ctx.text, ctx.sourceFile);
    if (!file) return;
    const sf = file.sourceFile;
    // the policy's own names come first in the merged lists (they are what this project uses), then the built-ins
    const list = (names: readonly string[]) => names.slice(0, 3).join(', ');
    const { guards, roles, rateLimiters } = ctx.policy.access;
    // the guard a fix adds: the policy's first one; '' when the policy names none (the built-ins need a setup a fix cannot write)
    const ownGuard = guards.length === defaults.DEFAULT_ACCESS_GUARDS.length && guards[0] === defaults.DEFAULT_ACCESS_GUARDS[0] ? '' : guards[0];
    for (const gap of accessGaps(model, file)) {
      const { entry } = gap;
      const data = {
        route: gap.route,
        framework: entry.framework,
        kind: entry.kind,
        method: entry.method,
        path: gap.path ?? '?',
        chain: gap.chain,
        guards: list(guards),
        roles: list(roles),
        rateLimiters: list(rateLimiters),
        guard: ownGuard,
      };
      for (const m of gap.missing) {
        ctx.report({ messageId: MESSAGE[m], data, start: entry.node.getStart(sf), end: entry.node.getEnd() });
      }
    }
  },
});
