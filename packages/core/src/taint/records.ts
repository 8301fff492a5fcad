import ts from 'typescript';
import { calleeChain, skipOuterExpressions } from '../callee';
import { requireSpecifier } from '../project/file-index';
import type { FileIndex, ProjectModel } from '../project/model';
import { dynamoRecordOfCall } from './dynamo-records';
import { sqlRecordOfCall } from './sql-records';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  SyntaxKind, isBinaryExpression, isCallExpression, isExpression, isIdentifier, isMethodDeclaration, isNewExpression,
  isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isShorthandPropertyAssignment, isSourceFile,
  isStringLiteral, isStringLiteralLike,
} = ts;

/**
 * Whole records whose shape the project declares: a Mongoose model's documents
 * (`mongoose.model('Citizen', new Schema({ fullName, nationalId }))`, read with
 * `Citizen.findById(id)` in another file) and the values a validation schema
 * returns (`z.object({ soCccd, hoTen }).parse(req.body)`, Joi, yup). The walk
 * gives such a value an exact shape: its citizen-data members are citizen data,
 * the others (`code`, `household`, `_id`) are not, and the whole object written
 * to a sink (`console.log(congDan)`, `JSON.stringify(hoSo)`) carries them. A
 * model or schema without citizen-data members gives nothing (docs/taint.md,
 * "Whole records"). Rows of raw SQL: sql-records.ts; DynamoDB items: dynamo-records.ts.
 */

export interface RecordShape {
  /** `Citizen` (a model's name), `DangKySchema` (a schema's variable). */
  label: string;
  members: readonly string[];
  /** Where the record sits in the call's result: itself, or under `data`/`value` (`safeParse`, Joi's `validate`). */
  under?: string;
  /** The record is made from the call's first argument (`Model.create(obj)`). */
  created?: boolean;
}

/** Mongoose model methods that resolve to documents of the model. */
const MODEL_READS = new Set([
  'find', 'findOne', 'findById', 'findOneAndUpdate', 'findByIdAndUpdate', 'findOneAndDelete', 'findByIdAndDelete',
  'findOneAndRemove', 'findByIdAndRemove', 'findOneAndReplace', 'create', 'insertMany', 'hydrate',
]);
/** Validation-schema methods and where the validated value is in their result. */
const VALIDATIONS = new Map<string, string | undefined>([
  ['parse', undefined], ['parseAsync', undefined], ['validateSync', undefined], ['validateAsync', undefined], ['cast', undefined],
  ['safeParse', 'data'], ['safeParseAsync', 'data'], ['validate', undefined],
]);

/** The keys of an object literal. */
function keysOf(obj: ts.ObjectLiteralExpression): string[] {
  const out: string[] = [];
  for (const p of obj.properties) {
    if ((isPropertyAssignment(p) || isShorthandPropertyAssignment(p) || isMethodDeclaration(p)) && (isIdentifier(p.name) || isStringLiteral(p.name))) out.push(p.name.text);
  }
  return out;
}

/** The value an expression names, across files: `Citizen` → the `mongoose.model(…)` call it was set to. */
function definition(model: ProjectModel, file: FileIndex, expr: ts.Expression): { file: FileIndex; node: ts.Expression } | undefined {
  let resolved = model.resolveExpression(file, expr);
  for (let hop = 0; resolved && hop < 3; hop++) {
    // a whole module (`const Citizen = require('./citizen.model')`, `{ Citizen: require('./Citizen') }` in an index): what it exports
    let mod = isSourceFile(resolved.node) ? model.ownerIndex(resolved) : undefined;
    const value = model.valueNode(resolved.node);
    const spec = value && isExpression(value) ? requireSpecifier(value) : undefined;
    const owner = model.ownerIndex(resolved);
    if (spec && owner) mod = model.resolveModule(owner.fileName, spec);
    if (!mod) return value && owner && isExpression(value) ? { file: owner, node: skipOuterExpressions(value) } : undefined;
    resolved = model.resolveExport(mod, '*') ?? model.resolveExport(mod, 'default');
  }
  return undefined;
}

/** `new Schema({ … })`, `new mongoose.Schema({ … })` (directly or by name): its top-level paths. */
function schemaMembers(model: ProjectModel, file: FileIndex, expr: ts.Expression | undefined, depth = 0): string[] | undefined {
  if (!expr || depth > 3) return undefined;
  const e = skipOuterExpressions(expr);
  if (isNewExpression(e)) {
    const chain = calleeChain(e.expression);
    const first = e.arguments?.[0] && skipOuterExpressions(e.arguments[0]);
    return chain?.[chain.length - 1] === 'Schema' && first && isObjectLiteralExpression(first) ? keysOf(first) : undefined;
  }
  if (isIdentifier(e) || isPropertyAccessExpression(e)) {
    const def = definition(model, file, e);
    return def ? schemaMembers(model, def.file, def.node, depth + 1) : undefined;
  }
  return undefined;
}

/** A Mongoose model by its binding: `mongoose.model('Citizen', schema)`, `models.Citizen || model('Citizen', schema)`. */
function mongooseModel(model: ProjectModel, file: FileIndex, expr: ts.Expression): RecordShape | undefined {
  const def = definition(model, file, expr);
  if (!def) return undefined;
  let e = def.node;
  if (isBinaryExpression(e) && (e.operatorToken.kind === SyntaxKind.BarBarToken || e.operatorToken.kind === SyntaxKind.QuestionQuestionToken)) e = skipOuterExpressions(e.right);
  if (!isCallExpression(e) || e.arguments.length < 2) return undefined;
  const chain = calleeChain(e.expression);
  if (chain?.[chain.length - 1] !== 'model') return undefined;
  const members = schemaMembers(model, def.file, e.arguments[1]);
  const name = skipOuterExpressions(e.arguments[0]);
  return members ? { label: isStringLiteralLike(name) ? name.text : expr.getText(file.sourceFile), members } : undefined;
}

/** A validation schema by its binding: `z.object({…})`, `Joi.object({…})` / `Joi.object().keys({…})`, `yup.object({…})`. */
function validationSchema(model: ProjectModel, file: FileIndex, expr: ts.Expression): { members: string[]; joi: boolean } | undefined {
  const def = isCallExpression(skipOuterExpressions(expr)) ? { file, node: skipOuterExpressions(expr) } : definition(model, file, expr);
  if (!def || !isCallExpression(def.node)) return undefined;
  const chain = calleeChain(def.node.expression);
  const method = isPropertyAccessExpression(def.node.expression) ? def.node.expression.name.text : chain?.[chain.length - 1];
  const first = def.node.arguments[0] && skipOuterExpressions(def.node.arguments[0]);
  if ((method !== 'object' && method !== 'keys' && method !== 'strictObject') || !first || !isObjectLiteralExpression(first)) return undefined;
  const root = def.node.getText(def.file.sourceFile).split(/[.(]/)[0];
  return { members: keysOf(first), joi: /^joi$/i.test(root) };
}

/** The record a call returns, when the project declares its shape. */
export function recordOfCall(model: ProjectModel, file: FileIndex, call: ts.CallExpression): RecordShape | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!isPropertyAccessExpression(callee)) return sqlRecordOfCall(model, file, call);
  const method = callee.name.text;
  const receiver = skipOuterExpressions(callee.expression);
  if (MODEL_READS.has(method) && (isIdentifier(receiver) || isPropertyAccessExpression(receiver))) {
    const shape = model.memo('taint-record-model', `${file.memoKey}:${receiver.getText(file.sourceFile)}`, () => mongooseModel(model, file, receiver), undefined);
    if (shape) return method === 'create' || method === 'hydrate' ? { ...shape, created: true } : shape;
  }
  if (VALIDATIONS.has(method)) {
    const schema = model.memo('taint-record-schema', `${file.memoKey}:${receiver.pos}:${receiver.getText(file.sourceFile)}`, () => validationSchema(model, file, receiver), undefined);
    if (!schema) return undefined;
    const under = method === 'validate' && schema.joi ? 'value' : VALIDATIONS.get(method);
    return { label: receiver.getText(file.sourceFile), members: schema.members, under };
  }
  // `dynamo.send(new ScanCommand({ TableName: USERS_TABLE }))`: items of a table the project's puts describe (dynamo-records.ts)
  const item = dynamoRecordOfCall(model, file, call, method);
  if (item) return item;
  // `db.load(\`select * from users …\`)`: rows of a table the project's SQL describes (sql-records.ts)
  return sqlRecordOfCall(model, file, call);
}
