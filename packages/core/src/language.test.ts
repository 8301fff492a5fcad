import { bilingual, interpolate } from './rule';
import { findingMessage, hostMessage, HOST_MESSAGES, localizeFindings, splitMessage } from './language';
import type { Finding } from './findings';

describe('splitMessage', () => {
  const template = { vi: '"{{name}}" dùng mật khẩu yếu — hãy đổi ({{name}}, {{count}})', en: '"{{name}}" uses a weak password — change it ({{count}})' };
  const filled = (data: Record<string, string>) => interpolate(bilingual(template), data);

  it('reads the data back from the bilingual text, even when the data and the template hold " — "', () => {
    const data = { name: 'a — b', count: '3' };
    expect(splitMessage(filled(data), template)).toEqual({ vi: interpolate(template.vi, data), en: interpolate(template.en, data) });
  });

  it('gives up on a message that does not follow the template', () => {
    expect(splitMessage('something else', template)).toBeUndefined();
  });

  it('host messages keep their detail in each language', () => {
    const f = { ruleId: 'popdb/parse-error', severity: 'error', message: hostMessage(HOST_MESSAGES.parseError, "')' expected."), file: '/x.ts', line: 1, column: 1 } as Finding;
    localizeFindings([f], []);
    expect(findingMessage(f, 'en')).toBe("file does not parse and was not checked: ')' expected.");
    expect(findingMessage(f, 'vi')).toBe("Không phân tích được tệp, tệp chưa được kiểm tra: ')' expected.");
    expect(findingMessage(f, 'both')).toBe(f.message);
  });

  it('the engine\'s file-not-read and generated-source notes come from the same catalogue', () => {
    const notRead = { ruleId: 'popdb/internal-error', messageId: 'notRead', severity: 'error', message: hostMessage(HOST_MESSAGES.notRead, 'a FIFO (named pipe), not read'), file: '/p', line: 1, column: 1 } as Finding;
    const data = { length: 12000, rules: 'no-hardcoded-credentials', ruleIds: 'popdb/no-hardcoded-credentials' };
    const generated = { ruleId: 'popdb/internal-error', messageId: 'generated', severity: 'warning', message: interpolate(bilingual(HOST_MESSAGES.generated), data), file: '/b.js', line: 1, column: 1 } as Finding;
    localizeFindings([notRead, generated], []);
    expect(findingMessage(notRead, 'en')).toBe('file not read, so it was not checked: a FIFO (named pipe), not read');
    expect(findingMessage(generated, 'en')).toBe('generated or minified file (a line of 12000 characters): checked by popdb/no-hardcoded-credentials only');
    expect(findingMessage(generated, 'vi')).toBe('Tệp sinh tự động hoặc đã thu gọn (một dòng 12000 ký tự): chỉ kiểm tra no-hardcoded-credentials');
  });
});
