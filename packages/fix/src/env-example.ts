/**
 * `.env.example` with a `NAME=` line for each name it does not list yet
 * (`NAME=…` or `export NAME=…`): the value stays empty, never the secret
 * the fix took out of the code. Created when absent; lines already there
 * are kept as written.
 */
export function addEnvExampleNames(text: string | undefined, names: readonly string[]): string | undefined {
  let out = text ?? '';
  const listed = (name: string) => new RegExp(`^[ \\t]*(?:export[ \\t]+)?${name}[ \\t]*=`, 'm').test(out);
  const missing = [...new Set(names)].filter((n) => !listed(n));
  if (!missing.length) return text;
  if (out.length > 0 && !out.endsWith('\n')) out += '\n';
  return out + missing.map((n) => `${n}=\n`).join('');
}
