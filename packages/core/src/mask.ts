/**
 * Mask a secret for display: at most its first 2 and last 2 characters are
 * shown (SPEC §3). Short secrets show nothing of themselves, since 2 + 2
 * characters of a 6-character password is most of it.
 */
export function maskSecret(secret: string): string {
  const chars = [...secret];
  if (chars.length <= 8) return '*'.repeat(Math.max(chars.length, 3));
  return `${chars.slice(0, 2).join('')}${'*'.repeat(Math.min(chars.length - 4, 12))}${chars.slice(-2).join('')}`;
}

/**
 * Mask every occurrence of each secret in a text (a code excerpt in a report,
 * a message built elsewhere). Longer secrets first, so a secret that contains
 * another is masked whole.
 */
export function maskSecretsIn(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].filter((x) => x.length >= 3).sort((a, b) => b.length - a.length)) {
    out = out.split(s).join(maskSecret(s));
  }
  return out;
}
