// Scaffold a new rule folder from templates: `npm run create-rule -- <rule-name> "<English description>" "<mô tả tiếng Việt>"`.
// Writes rules/<rule-name>/{rule.ts,README.md,<rule-name>.test.ts} and regenerates rules/index.ts.
// The meta test (test/meta/rules.test.ts) then tells you what is still missing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const [name, en, vi] = process.argv.slice(2);
if (!name || !/^[a-z][a-z0-9-]*$/.test(name) || !en || !vi) {
  console.error('usage: npm run create-rule -- <rule-name> "<English description>" "<mô tả tiếng Việt>"');
  process.exit(2);
}
const dir = join(here, '..', 'rules', name);
if (existsSync(dir)) {
  console.error(`rules/${name} already exists`);
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
const messageId = name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase()).replace(/^(no|require)(?=[A-Z])/, '').replace(/^./, (c) => c.toLowerCase()) || 'problem';
const fill = (t) => t.replaceAll('__NAME__', name).replaceAll('__DESCRIPTION_EN__', en).replaceAll('__DESCRIPTION_VI__', vi).replaceAll('__MESSAGE_ID__', messageId).replaceAll('__LEGAL__', 'Nghị định 13/2023/NĐ-CP');
for (const [tmpl, out] of [['rule.ts.tmpl', 'rule.ts'], ['README.md.tmpl', 'README.md'], ['rule.test.ts.tmpl', `${name}.test.ts`]]) {
  writeFileSync(join(dir, out), fill(readFileSync(join(here, 'templates', tmpl), 'utf8')));
}
execFileSync(process.execPath, [join(here, 'create-rules-index.mjs')], { stdio: 'inherit' });
console.log(`Created rules/${name}. Next: write the check, the docs and at least 30 valid and 30 invalid cases, then npm test.`);
