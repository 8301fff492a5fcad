import * as path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';

/**
 * The OASIS SARIF 2.1.0 schema (draft-04), as shipped by Microsoft's
 * @microsoft/jest-sarif package: validated with ajv's draft-04 build, so our
 * SARIF is checked against the real schema offline.
 */
const schemaPath = path.join(path.dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib/schemas/sarif-2.1.0-rtm.5.json');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = require(schemaPath) as object;

const ajv = new AjvDraft04({ allErrors: true, strict: false, validateSchema: false, unicodeRegExp: false });
const validate = ajv.compile(schema);

export function sarifSchemaErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
