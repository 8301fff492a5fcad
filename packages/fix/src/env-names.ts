import { Node, SyntaxKind, type Expression } from 'ts-morph';

/** `dbPassword` → `DB_PASSWORD`; `lgsp.accessToken` → `LGSP_ACCESS_TOKEN`. */
export function envNameOf(parts: readonly string[]): string {
  return parts
    .map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_'))
    .join('_')
    .replace(/^_+|_+$/g, '')
    .replace(/_+/g, '_')
    .toUpperCase();
}

/** `process.env.NAME` or `process.env["NAME"]`. */
export function processEnvRead(n: Node): string | undefined {
  const isProcessEnv = (e: Node) => Node.isPropertyAccessExpression(e) && e.getName() === 'env' && Node.isIdentifier(e.getExpression()) && e.getExpression().getText() === 'process';
  if (Node.isPropertyAccessExpression(n) && isProcessEnv(n.getExpression())) return n.getName();
  if (Node.isElementAccessExpression(n) && isProcessEnv(n.getExpression())) {
    const arg = n.getArgumentExpression();
    if (arg && Node.isStringLiteral(arg)) return arg.getLiteralText();
  }
  return undefined;
}

function nameText(n: Node | undefined): string | undefined {
  if (!n) return undefined;
  if (Node.isIdentifier(n) || Node.isPrivateIdentifier(n)) return n.getText().replace(/^#/, '');
  if (Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n)) return n.getLiteralText();
  return undefined;
}

/**
 * The environment variable a literal secret moves to, named after where it
 * is written: up through object literals to the declaration, keeping the
 * last two names (`const db = { password: '…' }` → `DB_PASSWORD`; a class
 * property `dbPassword = '…'` → `DB_PASSWORD`). A connection string with no
 * name is `DATABASE_URL`, anything else `SECRET`.
 */
export function envNameForLiteral(literal: Expression, literalText: string): string {
  const names: string[] = [];
  let n: Node = literal;
  for (let depth = 0; depth < 6; depth++) {
    const p = n.getParent();
    if (!p) break;
    if (Node.isPropertyAssignment(p) && p.getInitializer() === n) {
      const t = nameText(p.getNameNode());
      if (t) names.unshift(t);
      n = p;
      continue;
    }
    if (Node.isObjectLiteralExpression(p)) {
      n = p;
      continue;
    }
    if ((Node.isVariableDeclaration(p) || Node.isParameterDeclaration(p) || Node.isPropertyDeclaration(p) || Node.isBindingElement(p)) && p.getInitializer() === n) {
      const t = nameText(p.getNameNode());
      if (t && names.length < 2) names.unshift(t);
      break;
    }
    if (Node.isBinaryExpression(p) && p.getOperatorToken().getKind() === SyntaxKind.EqualsToken && p.getRight() === n) {
      const left = p.getLeft();
      const t = Node.isPropertyAccessExpression(left) ? left.getName() : Node.isIdentifier(left) ? left.getText() : undefined;
      if (t) names.unshift(t);
      break;
    }
    break;
  }
  const name = envNameOf(names.slice(-2));
  if (name) return /^\d/.test(name) ? `_${name}` : name;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(literalText) ? 'DATABASE_URL' : 'SECRET';
}
