import ts from 'typescript';
import { calleeChain, matchesAnyCallee } from './callee';

/** The callee of the first call in a snippet. */
function calleeOf(code: string): ts.Expression {
  const sf = ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true);
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (!found && ts.isCallExpression(n)) found = n.expression;
    else ts.forEachChild(n, visit);
  };
  visit(sf);
  if (!found) throw new Error(`no call in ${code}`);
  return found;
}

describe('calleeChain', () => {
  it.each([
    ['traCuu(x)', ['traCuu']],
    ['this.dancuClient.traCuu(x)', ['this', 'dancuClient', 'traCuu']],
    ["svc['dan-cu'].traCuu(x)", ['svc', 'dan-cu', 'traCuu']],
    ['(this.client as Client)!.post(u)', ['this', 'client', 'post']],
    ['super.save(x)', ['super', 'save']],
    ['class A { #c = 1; m() { this.#c.send(x); } }', ['this', '#c', 'send']],
    ['a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t(x)', 'abcdefghijklmnopqrst'.split('')],
  ])('%s gives its dotted name, outermost object first', (code, chain) => {
    expect(calleeChain(calleeOf(code))).toEqual(chain);
  });

  it.each(['getClient().traCuu(x)', 'clients[i].traCuu(x)', '(async () => 1)()', 'new Client().traCuu(x)'])(
    '%s is not a name chain',
    (code) => {
      expect(calleeChain(calleeOf(code))).toBeUndefined();
    },
  );

  it('matches a policy pattern against the last segments of the chain', () => {
    const chain = calleeChain(calleeOf('this.audit.record(x)'));
    expect(matchesAnyCallee(chain, ['auditLog', 'audit.record'])).toBe('audit.record');
    expect(matchesAnyCallee(chain, ['record.audit'])).toBeUndefined();
  });
});
