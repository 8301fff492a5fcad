import * as path from 'node:path';
import { Node, SyntaxKind, type NoSubstitutionTemplateLiteral, type SourceFile, type StringLiteral, type TemplateExpression } from 'ts-morph';
import { envNameForLiteral, processEnvRead } from './env-names';
import { cannot, titled, directoryExists, findExportingFile, importedLocal, isCommonJs, moduleSpecifierTo, nodeAt, type FixAnalysis, type FixContext } from './plan';

type Literal = StringLiteral | NoSubstitutionTemplateLiteral;
const isLiteral = (n: Node): n is Literal => Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n);
const isTemplate = (n: Node): n is TemplateExpression => Node.isTemplateExpression(n);

/** The default name of the fail-fast reader the default-credential fix adds. */
export const REQUIRE_ENV = 'requireEnv';

const AUTH_SCHEME = /^(Basic|Bearer|Token|Digest|ApiKey)([ \t]+)/i;

/**
 * `process.env.X || 'lit'`, `process.env.X ?? 'lit'`, `process.env.X ? process.env.X : 'lit'`:
 * the whole expression and the variable, when the literal is its fallback.
 */
function envFallback(literal: Node): { whole: Node; name: string } | { whole: Node; name: undefined } | undefined {
  let child: Node = literal;
  let parent = literal.getParent();
  while (parent && Node.isParenthesizedExpression(parent)) {
    child = parent;
    parent = parent.getParent();
  }
  if (!parent) return undefined;
  if (Node.isBinaryExpression(parent) && parent.getRight() === child && [SyntaxKind.BarBarToken, SyntaxKind.QuestionQuestionToken].includes(parent.getOperatorToken().getKind())) {
    return { whole: parent, name: processEnvRead(skipParens(parent.getLeft())) };
  }
  if (Node.isConditionalExpression(parent) && parent.getWhenFalse() === child) {
    const tested = processEnvRead(skipParens(parent.getCondition()));
    const taken = processEnvRead(skipParens(parent.getWhenTrue()));
    return { whole: parent, name: tested && tested === taken ? tested : undefined };
  }
  return undefined;
}

function skipParens(n: Node): Node {
  while (Node.isParenthesizedExpression(n)) n = n.getExpression();
  return n;
}

/**
 * Would a secret moved to `name` share the variable with another secret?
 * Planned in this run for a different value, or already read in this file
 * (`process.env.NAME`, `requireEnv('NAME')`): a second literal of the same
 * key in one file (two device tokens in a seed) is another secret, and
 * without this check a second run would give it the first one's variable.
 */
function nameTaken(ctx: FixContext, name: string, secret: string): boolean {
  if (ctx.session.envNameClash(ctx.projectRoot, name, secret) || (ctx.edits.envNames.has(name) && ctx.edits.envNames.get(name) !== secret)) return true;
  const read = new RegExp(`process\\.env(?:\\.${name}\\b|\\[\\s*['"\`]${name}['"\`]\\s*\\])|\\(\\s*['"\`]${name}['"\`]\\s*\\)`);
  return read.test(ctx.sourceFile.getFullText());
}

/** The literal the finding points at, and why it cannot be replaced when it cannot. */
function secretLiteral(ctx: FixContext): Literal | { reason: ReturnType<typeof cannot>['reason'] } {
  const literal = nodeAt(ctx.sourceFile, ctx.start, ctx.end, isLiteral);
  if (!literal) return nodeAt(ctx.sourceFile, ctx.start, ctx.end, isTemplate) ? cannot('notPlainLiteral') : cannot('notFound');
  if (Node.isJsxAttribute(literal.getParent())) return cannot('jsx');
  // a property key, an import specifier, a type: not a value to move
  const parent = literal.getParent();
  if (
    parent &&
    ((Node.isPropertyAssignment(parent) && parent.getNameNode() === literal) ||
      Node.isImportDeclaration(parent) ||
      Node.isExportDeclaration(parent) ||
      Node.isLiteralTypeNode(parent) ||
      Node.isExternalModuleReference(parent) ||
      Node.isEnumMember(parent))
  ) {
    return cannot('notPlainLiteral');
  }
  return literal;
}

/**
 * popdb/no-hardcoded-credentials: the literal becomes `process.env.NAME`
 * (named after its key), and `.env.example` gets `NAME=`. A fallback after
 * an environment read (`process.env.X || 'secret'`) leaves only the read. An
 * Authorization header keeps its scheme: `` `Bearer ${process.env.NAME}` ``.
 */
export function fixHardcodedSecret(ctx: FixContext): FixAnalysis {
  const literal = secretLiteral(ctx);
  if ('reason' in literal) return literal;
  const secret = literal.getLiteralText();
  const fallback = envFallback(literal);
  if (fallback?.name) {
    // the variable exists: the fallback goes, and a missing variable stops the service (a bare
    // `process.env.X` would be `string | undefined` where the secret was a string)
    const name = fallback.name;
    const whole = fallback.whole;
    const reader = envReader(ctx);
    if ('reason' in reader && !isCommonJs(ctx.sourceFile)) return reader;
    ctx.edits.secrets.push(secret);
    if ('reason' in reader) {
      // CommonJS: no import to add; the read without the fallback
      return {
        title: titled('dropFallback', { name }),
        apply: () => {
          whole.replaceWithText(`process.env.${name}`);
          ctx.edits.envName(name, secret);
        },
      };
    }
    return {
      title: titled('requireEnv', { name, helper: reader.local }),
      apply: () => {
        whole.replaceWithText(`${reader.local}(${quote(ctx.sourceFile, name)})`);
        reader.apply();
        ctx.edits.envName(name, secret);
      },
    };
  }
  const name = envNameForLiteral(literal, secret);
  if (nameTaken(ctx, name, secret)) return cannot('sharedEnvName', { name });
  const scheme = AUTH_SCHEME.exec(secret);
  const replacement = scheme ? `\`${scheme[1]}${scheme[2]}\${process.env.${name}}\`` : `process.env.${name}`;
  ctx.edits.envName(name, secret);
  ctx.edits.secrets.push(scheme ? secret.slice(scheme[0].length) : secret, secret);
  return { title: titled('moveSecret', { name }), apply: () => void literal.replaceWithText(replacement) };
}

/**
 * popdb/no-default-credentials: a default or weak password, or a fallback to
 * one, becomes a fail-fast read, `requireEnv('NAME')`: a missing variable
 * stops the service at start instead of running it on `admin`. The reader is
 * the project's own (`envHelper` option, or an exported `requireEnv`), else a
 * `require-env.ts` written once beside the sources (`src/` when there is one).
 */
export function fixDefaultCredential(ctx: FixContext): FixAnalysis {
  if (ctx.finding.messageId === 'fixedPasswordOnAccount') return cannot('fixedPassword');
  const literal = secretLiteral(ctx);
  if ('reason' in literal) return literal;
  const secret = literal.getLiteralText();
  const fallback = envFallback(literal);
  if (fallback && !fallback.name) return cannot('fallbackNotEnv');
  if (!fallback && ctx.finding.messageId === 'defaultFallback') return cannot('fallbackNotEnv');
  const name = fallback?.name ?? envNameForLiteral(literal, secret);
  if (!fallback && nameTaken(ctx, name, secret)) return cannot('sharedEnvName', { name });
  const reader = envReader(ctx);
  if ('reason' in reader) return reader;
  const target = fallback?.whole ?? literal;
  ctx.edits.secrets.push(secret);
  return {
    title: titled('requireEnv', { name, helper: reader.local }),
    apply: () => {
      target.replaceWithText(`${reader.local}(${quote(ctx.sourceFile, name)})`);
      reader.apply();
      ctx.edits.envName(name, fallback ? undefined : secret);
    },
  };
}

function quote(sf: SourceFile, text: string): string {
  const q = sf.getProject().manipulationSettings.getQuoteKind();
  return `${q}${text}${q}`;
}

/** The text of the generated reader. */
export function requireEnvModule(name: string, typed: boolean): string {
  const sig = typed ? `${name}(variable: string): string` : `${name}(variable)`;
  return `/**
 * Reads a required environment variable and stops when it is missing or
 * empty: a service must not start on a default credential (added by
 * popdb-guard fix; see popdb/no-default-credentials).
 */
export function ${sig} {
  const value = process.env[variable];
  if (value === undefined || value === '') throw new Error(\`Missing required environment variable \${variable}\`);
  return value;
}
`;
}

/**
 * Where the generated reader goes: the nearest `src` folder above the file
 * (one per source tree of a monorepo: `libs/db/src/`), else the project's
 * `src/`, else the project root.
 */
function sourceRootOf(file: string, projectRoot: string): string {
  for (let dir = path.dirname(file); dir.startsWith(projectRoot) && dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (path.basename(dir) === 'src') return dir;
    if (dir === projectRoot) break;
  }
  const src = path.join(projectRoot, 'src');
  return directoryExists(src) ? src : projectRoot;
}

function envReader(ctx: FixContext): { local: string; apply: () => void } | { reason: ReturnType<typeof cannot>['reason'] } {
  const name = ctx.options.envHelper ?? REQUIRE_ENV;
  const sf = ctx.sourceFile;
  // declared in this file, or already imported
  const local = sf.getFunction(name) ?? sf.getVariableDeclaration(name);
  if (local) return { local: name, apply: () => undefined };
  for (const d of sf.getImportDeclarations()) {
    const n = d.getNamedImports().find((i) => (i.getAliasNode()?.getText() ?? i.getName()) === name);
    if (n) return { local: name, apply: () => undefined };
  }
  if (isCommonJs(sf)) return cannot('commonJs');
  const exporting = findExportingFile(ctx.model, name, ctx.file);
  if (exporting) {
    const specifier = moduleSpecifierTo(ctx.file, exporting, sf);
    return { local: importedLocal(sf, specifier, name) ?? name, apply: () => ctx.edits.importNamed(specifier, name) };
  }
  if (ctx.options.envHelper) return cannot('envHelperMissing', { name });
  const typed = /\.[cm]?tsx?$/.test(ctx.file);
  const dir = sourceRootOf(ctx.file, ctx.projectRoot);
  const helper = path.join(dir, typed ? 'require-env.ts' : 'require-env.js');
  const existing = ctx.session.textOf(helper);
  if (existing !== undefined && !new RegExp(`export\\s+(?:async\\s+)?function\\s+${name}\\b`).test(existing)) return cannot('helperPathTaken', { file: path.relative(ctx.projectRoot, helper), name });
  const specifier = moduleSpecifierTo(ctx.file, helper, sf);
  return {
    local: name,
    apply: () => {
      ctx.edits.importNamed(specifier, name);
      if (existing === undefined) ctx.edits.createdFiles.set(helper, requireEnvModule(name, typed));
    },
  };
}
