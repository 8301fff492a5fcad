import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'packages', 'cli', 'bin', 'popdb-guard.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures');

interface JsonFinding {
  ruleId: string;
  messageId: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
}

function scan(fixture: string, ...extra: string[]): { status: number | null; findings: JsonFinding[]; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, path.join(FIXTURES, fixture), '--format', 'json', ...extra], { cwd: ROOT, encoding: 'utf8' });
  const report = result.stdout ? (JSON.parse(result.stdout) as { findings: JsonFinding[] }) : { findings: [] };
  return { status: result.status, findings: report.findings.filter((f) => f.ruleId.startsWith('popdb/no-citizen-data')), stderr: result.stderr };
}

describe('popdb-guard CLI: citizen data', () => {
  it('follows citizen data from a population-DB query in one file through two functions to Telegram in another, ethnicity to Zalo, and a lookup to a bot created in another file', () => {
    const { status, findings, stderr } = scan('taint-cross-file');
    expect(stderr).toBe('');
    expect(status).toBe(1);
    const where = findings.map((f) => `${f.ruleId} ${f.messageId} ${f.file}:${f.line}:${f.column}`);
    expect(where).toEqual([
      'popdb/no-citizen-data-to-messaging citizenDataToMessaging src/notify/lookup-command.ts:8:9',
      'popdb/no-citizen-data-to-messaging citizenDataToMessaging src/notify/officer.ts:9:9',
      // through a cycle of two functions to a logging helper, and through a nested callback (src/reach: traps stay clean)
      'popdb/no-citizen-data-in-logs citizenDataInLog src/reach/vong.ts:26:3',
      'popdb/no-citizen-data-in-logs citizenDataInLog src/reach/vong.ts:32:20',
      // a project logger whose parameter names an ID number, and a CCCD literal given to it
      'popdb/no-citizen-data-in-logs citizenDataInLog src/reach/vong.ts:50:5',
      'popdb/no-citizen-data-in-logs citizenDataInLog src/reach/vong.ts:57:3',
      'popdb/no-citizen-data-to-messaging citizenDataToMessaging src/services/ho-so.service.ts:15:13',
      'popdb/no-citizen-data-to-messaging sensitiveDataToMessaging src/services/ho-so.service.ts:18:11',
    ]);
    const at = (where: string) => findings.find((f) => `${f.file}:${f.line}` === where)!;
    const viaWrappers = at('src/services/ho-so.service.ts:15');
    // the message names the source (file and line of the query) and the path through both functions
    expect(viaWrappers.message).toContain('population-DB response (CungCapThongTinCongDan) at dancu.client.ts line 13 via baoCanBoTruc → guiTelegram');
    expect(viaWrappers.message).toContain('api.telegram.org');
    expect(at('src/services/ho-so.service.ts:18').message).toContain('DanToc from the population-DB response');
    expect(at('src/services/ho-so.service.ts:18').message).toContain('openapi.zalo.me');
    expect(at('src/reach/vong.ts:26').message).toContain('via vongA → vongB → inRa');
    // the Telegraf bot is created in bot.ts and used in lookup-command.ts
    expect(findings[0].message).toContain('HoVaTen from the population-DB response (CungCapThongTinCongDan) at dancu.client.ts line 13');
    expect(findings[0].message).toContain('telegraf');
  });

  it('does not report the status-only call of the same wrapper (baoHoSoMoi) nor the audit log', () => {
    const { findings } = scan('taint-cross-file');
    expect(findings.filter((f) => f.file === 'src/services/ho-so.service.ts').map((f) => f.line)).not.toContain(13);
    expect(findings.some((f) => f.line === 11)).toBe(false);
  });

  it('keeps sensitive data an error when the policy lowers the rule to warn', () => {
    const { status, findings } = scan('taint-cross-file', '--policy', path.join(FIXTURES, 'taint-cross-file', 'policy-warn.yaml'));
    expect(findings.map((f) => `${f.messageId}:${f.severity}`)).toEqual([
      'citizenDataToMessaging:warning',
      'citizenDataToMessaging:warning',
      'citizenDataInLog:warning',
      'citizenDataInLog:warning',
      'citizenDataInLog:warning',
      'citizenDataInLog:warning',
      'citizenDataToMessaging:warning',
      'sensitiveDataToMessaging:error',
    ]);
    expect(status).toBe(1);
  });

  it('reports nothing for a notification service that sends only status text, counts and masked IDs', () => {
    const { status, findings, stderr } = scan('taint-status-only');
    expect(stderr).toBe('');
    // (the exit status is left to the other rules: this fixture is about citizen data only)
    expect(findings).toEqual([]);
    expect(status === 0 || status === 1).toBe(true);
  });

  it('a library call returns citizen data only as a query or a known pass-through: a Supabase error, a created account and a cache reply are clean', () => {
    const { status, findings, stderr } = scan('taint-library-calls');
    expect(stderr).toBe('');
    expect(status).toBe(1);
    expect(findings.map((f) => `${f.messageId} ${f.file}:${f.line}`)).toEqual([
      // the phone number of the household head, named as what it is
      'citizenDataInLog src/services/household.service.ts:17',
      // JSON.stringify, structuredClone, Object.assign, spread, lodash cloneDeep, String.replace, trim/toUpperCase, filter/find
      'citizenDataInLog src/services/pass-through.ts:10',
      'citizenDataInLog src/services/pass-through.ts:11',
      'citizenDataInLog src/services/pass-through.ts:12',
      'citizenDataInLog src/services/pass-through.ts:13',
      'citizenDataInLog src/services/pass-through.ts:14',
      'citizenDataInLog src/services/pass-through.ts:15',
      'citizenDataInLog src/services/pass-through.ts:16',
      'citizenDataInLog src/services/pass-through.ts:17',
      // what was put in the cache comes back out of it
      'citizenDataInLog src/services/pass-through.ts:28',
    ]);
    expect(findings[0].message).toContain('phone (citizen-data field) at line 17');
    expect(findings[0].message).not.toContain('fullName');
    expect(findings[6].message).toContain('HoVaTen from the population-DB response (CungCapThongTinCongDan) at dancu.ts line 7');
  });

  it('error answers are 4xx statuses, failure flags and http-errors; a database key named citizenId is no identity number; messages name the field logged', () => {
    const { status, findings, stderr } = scan('taint-responses');
    expect(stderr).toBe('');
    expect(status).toBe(0); // warnings only: none of these is sensitive data
    expect(findings.map((f) => `${f.messageId} ${f.file}:${f.line}`)).toEqual([
      // VNeID's citizenId is the CCCD: nothing shows it is a record key
      'citizenDataInLog src/auth/vneid.ts:10',
      'citizenDataInLog src/controllers/contact.controller.ts:5',
      'citizenDataInLog src/controllers/contact.controller.ts:6',
      'citizenDataInErrorResponse src/routes/chat.routes.ts:23',
      'citizenDataInErrorResponse src/routes/chat.routes.ts:24',
      'citizenDataInErrorResponse src/routes/chat.routes.ts:25',
      'citizenDataInErrorResponse src/routes/chat.routes.ts:26',
    ]);
    expect(findings[1].message).toContain('(email (citizen-data field) at line 4)');
    expect(findings[2].message).toContain('(phone (citizen-data field) at line 4)');
    expect(findings.map((f) => f.message).join('\n')).not.toMatch(/citizenId \(citizen-data field\) at line (7|9|10|18|19)\b/);
    expect(findings[4].message).toContain('res.status(HttpStatus.NOT_FOUND).json');
  });

  it('follows events, queues, library callbacks, destructured and default SDK imports, any casing and whole declared records; traps stay clean', () => {
    const { status, findings, stderr } = scan('taint-flows');
    expect(stderr).toBe('');
    expect(status).toBe(1);
    expect(findings.map((f) => `${f.ruleId.replace('popdb/', '')} ${f.file}:${f.line}`)).toEqual([
      // node-telegram-bot-api by require: forEach, .then and setTimeout callbacks (the setImmediate count on line 10 is clean)
      'no-citizen-data-to-messaging src/bots/telegram-bot.js:9',
      'no-citizen-data-to-messaging src/bots/telegram-bot.js:11',
      'no-citizen-data-to-messaging src/bots/telegram-bot.js:12',
      // viber-bot by a destructured import (the status text on line 9 is clean)
      'no-citizen-data-to-messaging src/bots/viber.ts:8',
      // push notices whose body names the sender: their bodies and projected names logged (the recipients' ids on line 21 are clean)
      'no-citizen-data-in-logs src/chat/group.service.ts:32',
      'no-citizen-data-in-logs src/chat/group.service.ts:37',
      // DynamoDB items of tables the project's puts describe: logged in the store and by a controller of another file
      // (the scan's parameters, its count, the id and role, a Settings table and a COUNT scan are clean)
      'no-citizen-data-in-logs src/dynamo/auth.controller.js:5',
      'no-citizen-data-in-logs src/dynamo/auth.controller.js:13',
      'no-citizen-data-in-logs src/dynamo/household.v2.js:11',
      'no-citizen-data-in-logs src/dynamo/user.store.js:17',
      // EventEmitter in another file (the case-number event on line 8 is clean)
      'no-citizen-data-to-messaging src/events/publisher.ts:7',
      'no-citizen-data-in-logs src/jobs/import-rows.ts:16',
      'no-citizen-data-in-logs src/jobs/import-rows.ts:17',
      'no-citizen-data-in-logs src/jobs/import-rows.ts:18',
      // NestJS bull: @InjectQueue('ho-so') add → @Processor('ho-so') @Process('bao-slack') (the count job on line 16 is clean),
      // and a job without a name → the bullmq WorkerHost of its queue
      'no-citizen-data-to-messaging src/nest/ho-so.producer.ts:15',
      'no-citizen-data-to-messaging src/nest/ho-so.producer.ts:17',
      // EventEmitter2 → @OnEvent (the case.updated event on line 12 is clean)
      'no-citizen-data-in-logs src/nest/verification.service.ts:11',
      // an OCR match logged before it is stored as soCccd (the session number and a record key stored under citizenId are clean)
      // the whole OCR text an ID number is cut from, raw and cleaned (another piece cut from it, and a text a case number is cut from, are clean)
      'no-citizen-data-in-logs src/ocr/parse-card-text.ts:4',
      'no-citizen-data-in-logs src/ocr/parse-card-text.ts:6',
      'no-citizen-data-in-logs src/ocr/parse-id.ts:7',
      // bull add → process in the same file (the count job on line 15 is clean)
      'no-citizen-data-in-logs src/queue/legacy.ts:14',
      // bullmq add → Worker of the queue in another file (the status job on line 10 is clean)
      'no-citizen-data-to-messaging src/queue/producer.ts:9',
      // records by use: raw SQL rows, a session user and an untyped body logged whole where the function reads their data members
      // (src/sql/account.clean.js: a path assigned again, non-data members, a template, ambiguous names, a literal record, are clean)
      'no-citizen-data-in-logs src/sql/account.controller.js:8',
      'no-citizen-data-in-logs src/sql/account.controller.js:16',
      'no-citizen-data-in-logs src/sql/account.controller.js:22',
      // the session's stored user logged on another page, whose members the login handler reads (the session's cart is clean)
      'no-citizen-data-in-logs src/sql/account.page.js:6',
      // raw SQL rows of the tai_khoan table, whose columns users.repo.js's UPDATE names (a count, roles and settings on line 15 are clean)
      'no-citizen-data-in-logs src/sql/info.controller.js:7',
      'no-citizen-data-in-logs src/sql/info.controller.js:17',
      // a fetched response typed as one whose data member is a citizen record (its status members, a status response and a blank record are clean)
      'no-citizen-data-in-logs src/typed/lookup.ts:6',
      // a Mongoose document logged whole, and through lean() + JSON.stringify (its code and household ids on line 10, and a Setting, are clean)
      'no-citizen-data-in-logs src/web/citizens.controller.js:7',
      'no-citizen-data-in-logs src/web/citizens.controller.js:9',
      // a form's record logged whole where the component reads its members (its validation errors and touched flags on line 8 are clean)
      'no-citizen-data-in-logs src/web/person-form.jsx:7',
      // a zod-validated body with citizen fields (the status query on line 8 is clean)
      'no-citizen-data-in-logs src/web/register.route.ts:6',
    ]);
    const byLine = (file: string, line: number) => findings.find((f) => f.file === file && f.line === line)!.message;
    expect(byLine('src/events/publisher.ts', 7)).toContain("via event 'cong-dan.da-xac-minh'");
    expect(byLine('src/events/publisher.ts', 7)).toContain("qua sự kiện 'cong-dan.da-xac-minh'");
    expect(byLine('src/queue/legacy.ts', 14)).toContain("qua tác vụ 'gui-slack'");
    expect(byLine('src/nest/verification.service.ts', 11)).toContain("via event 'citizen.verified' → VerificationListener.handleVerified");
    expect(byLine('src/queue/producer.ts', 9)).toContain("via job 'gui-zalo'");
    expect(byLine('src/nest/ho-so.producer.ts', 15)).toContain("via job 'bao-slack' → HoSoConsumer.baoSlack");
    expect(byLine('src/nest/ho-so.producer.ts', 17)).toContain("via queue 'doi-soat' → DoiSoatConsumer.process");
    expect(byLine('src/queue/producer.ts', 9)).toContain('openapi.zalo.me');
    expect(byLine('src/jobs/import-rows.ts', 16)).toContain('so_cccd (citizen-data field)');
    expect(byLine('src/web/citizens.controller.js', 7)).toContain('ethnicity of the Citizen record at line 6');
    expect(byLine('src/web/register.route.ts', 6)).toContain('soCccd of the DangKySchema record at line 5');
  });
});
