import { KNOWN_FORMATS } from './credentials/values';

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

/** A half-open range of UTF-16 offsets in a line. */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * How a line is read by `likelySecretRanges`: in `code`, an unquoted value
 * after `password = ` is an expression, not a secret; in `config` (.env,
 * YAML, JSON, anything that is not JS/TS) it is the value itself.
 */
export type MaskMode = 'code' | 'config';

/** Words that make a name credential-like (lower case, separators removed). */
const CREDENTIAL_WORDS = ['pass', 'pwd', 'secret', 'token', 'apikey', 'privatekey', 'accesskey', 'matkhau', 'credential'];
/** A name: letters, digits, `_ $ . -`. One maximal run per match, so the scan is linear. */
const NAME_RUN = /[\w$.-]+/g;
const URL_USERINFO = /:\/\/([^\s/:@'"`]*):([^\s/@'"`]+)@/g;
const AUTH_SCHEME = /\b(?:Basic|Bearer|Token|Digest|ApiKey)[ \t]+([A-Za-z0-9+/=._~-]{8,})/gi;
const PRIVATE_KEY_BEGIN = /-----BEGIN [A-Z ]{0,20}PRIVATE KEY( BLOCK)?-----/;
const YAML_BLOCK_SCALAR = /^[|>][-+0-9]*\s*(#.*)?$/;
const IS_PLACEHOLDER = /^\$\{[^}]*\}$|^\$[A-Za-z_]\w*$|^\{\{[^}]*\}\}$|^<[^>]*>$|^%[A-Za-z_]\w*%$/;

function isCredentialName(name: string): boolean {
  const n = name.toLowerCase().replace(/[_$.-]/g, '');
  return CREDENTIAL_WORDS.some((w) => n.includes(w));
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/** The value after a credential-like name at `from` (just past the name), or undefined. */
function assignedValue(line: string, nameStart: number, from: number, mode: MaskMode): TextRange | undefined {
  let j = from;
  if (line[j] === '"' || line[j] === "'") j++;
  const spacedBefore = isSpace(line[j]);
  while (isSpace(line[j])) j++;
  const sep = line[j];
  if (sep !== ':' && sep !== '=') return undefined;
  // `==`, `===`, `=>`, `::`, `:=` are not assignments of a literal
  if (line[j + 1] === '=' || line[j + 1] === '>' || (sep === ':' && line[j + 1] === ':')) return undefined;
  j++;
  const spacedAfter = isSpace(line[j]);
  while (isSpace(line[j])) j++;
  const q = line[j];
  if (q === '"' || q === "'" || q === '`') {
    const close = line.indexOf(q, j + 1);
    const end = close < 0 ? line.length : close;
    return end - (j + 1) >= 4 ? { start: j + 1, end } : undefined;
  }
  const envForm = sep === '=' && /^\s*(?:export\s+)?$/.test(line.slice(0, nameStart));
  if (mode === 'config' || envForm) {
    // the rest of the line, without a trailing comment (masking too much is safe)
    const hash = line.indexOf(' #', j);
    let end = hash < 0 ? line.length : hash;
    while (end > j && isSpace(line[end - 1])) end--;
    return end - j >= 4 && !YAML_BLOCK_SCALAR.test(line.slice(j, end)) ? { start: j, end } : undefined;
  }
  if (!spacedBefore && !spacedAfter) {
    // `Password=…;` inside a connection string written in code
    let end = j;
    while (end < line.length && !/[\s;&'"`,)]/.test(line[end])) end++;
    return end - j >= 4 ? { start: j, end } : undefined;
  }
  return undefined;
}

/**
 * Ranges of one line that look like a secret, whether or not a rule flagged
 * them: a value assigned to a credential-like name (`password = "…"`,
 * `password: …` in YAML, `DB_PASS=…`, `"apiKey": "…"`), the password in URL
 * userinfo, the credential after `Basic`/`Bearer`, and well-known token
 * formats. This is the defence in depth of every excerpt (SPEC §3): a file
 * that does not parse, a rule switched off, a baseline or a suppression never
 * lets a secret through. Every detector is one left-to-right scan (no nested
 * quantifiers, no backtracking over the line), so a hostile 10 MB line costs
 * linear time.
 */
export function likelySecretRanges(line: string, mode: MaskMode = 'code'): TextRange[] {
  const ranges: TextRange[] = [];
  NAME_RUN.lastIndex = 0;
  for (let m = NAME_RUN.exec(line); m; m = NAME_RUN.exec(line)) {
    if (!isCredentialName(m[0])) continue;
    const r = assignedValue(line, m.index, m.index + m[0].length, mode);
    if (r && !IS_PLACEHOLDER.test(line.slice(r.start, r.end).trim())) ranges.push(r);
  }
  if (line.includes('://')) {
    URL_USERINFO.lastIndex = 0;
    for (let m = URL_USERINFO.exec(line); m; m = URL_USERINFO.exec(line)) {
      const start = m.index + 3 + m[1].length + 1;
      ranges.push({ start, end: start + m[2].length });
    }
  }
  AUTH_SCHEME.lastIndex = 0;
  for (let m = AUTH_SCHEME.exec(line); m; m = AUTH_SCHEME.exec(line)) ranges.push({ start: m.index + m[0].length - m[1].length, end: m.index + m[0].length });
  if (line.length >= 16) {
    for (const { prefix, re } of GLOBAL_KNOWN_FORMATS) {
      if (!line.includes(prefix)) continue;
      re.lastIndex = 0;
      for (let m = re.exec(line); m; m = re.exec(line)) {
        if (!m[0].includes('EXAMPLE')) ranges.push({ start: m.index, end: m.index + m[0].length });
        if (m[0].length === 0) re.lastIndex++;
      }
    }
  }
  return mergeRanges(ranges);
}

const GLOBAL_KNOWN_FORMATS = KNOWN_FORMATS.filter((f) => f.format !== 'private key block').map((f) => ({ prefix: f.prefix, re: new RegExp(f.re.source, 'g') }));

function mergeRanges(ranges: TextRange[]): TextRange[] {
  ranges.sort((a, b) => a.start - b.start);
  const out: TextRange[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** Replace ranges of a line with their masked form (`maskSecret`). */
export function maskRanges(line: string, ranges: readonly TextRange[]): string {
  if (!ranges.length) return line;
  let out = '';
  let at = 0;
  for (const r of ranges) {
    out += line.slice(at, r.start) + maskSecret(line.slice(r.start, r.end));
    at = r.end;
  }
  return out + line.slice(at);
}

/** One line with every likely secret masked (see `likelySecretRanges`). */
export function maskLikelySecrets(line: string, mode: MaskMode = 'code'): string {
  return maskRanges(line, likelySecretRanges(line, mode));
}

/**
 * Lines that belong to a secret as a whole, across lines: the body of a
 * `-----BEGIN … PRIVATE KEY-----` block up to its END line (or the end of
 * the file), and the lines of a YAML block scalar under a credential-like
 * key (`password: |`). For each such line, the range to hide (the whole
 * line, or the part after the BEGIN marker / before the END marker).
 */
export function secretBlockRanges(lines: readonly string[]): Map<number, TextRange> {
  const out = new Map<number, TextRange>();
  let inKey = false;
  let yamlIndent = -1;
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l];
    if (yamlIndent >= 0) {
      const indent = line.length - line.trimStart().length;
      if (line.trim() === '' || indent > yamlIndent) {
        out.set(l, { start: indent, end: line.length });
        continue;
      }
      yamlIndent = -1;
    }
    let from = 0;
    if (!inKey && line.includes('PRIVATE KEY')) {
      const m = PRIVATE_KEY_BEGIN.exec(line);
      if (m) {
        inKey = true;
        from = m.index + m[0].length;
      }
    }
    if (inKey) {
      const end = line.indexOf('-----END', from);
      out.set(l, { start: from, end: end < 0 ? line.length : end });
      if (end >= 0) inKey = false;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0 && YAML_BLOCK_SCALAR.test(line.slice(colon + 1).trim()) && isCredentialName(line.slice(0, colon).trim().replace(/^-\s*/, '').replace(/^["']|["']$/g, ''))) {
      yamlIndent = line.length - line.trimStart().length;
    }
  }
  return out;
}
