/**
 * Credentials in config files (`.env*`, JSON, YAML), from their parsed
 * entries. Besides `KEY: value`, two shapes are common in deployment files of
 * the integration systems: Kubernetes env lists (`- name: DB_PASSWORD` /
 * `value: …`) and docker-compose env lists (`- DB_PASSWORD=…`), and the
 * shell-style default `${DB_PASSWORD:-admin}` that docker-compose and Spring
 * (`${DB_PASSWORD:admin}`) apply when the variable is unset.
 */
import * as path from 'node:path';
import type { ConfigDocument, ConfigEntry } from '../config-file';
import { classifyName, isUserName, namePrefix } from './names';
import { isPattern, SHELL_DEFAULT } from './values';
import { classifyValue, DEFAULT_RULE, toFinding, type ClassifyOptions, type CredentialFinding, type ValueContext } from './classify';

/**
 * i18n tables (`locales/vi.json`, `i18n/en.json`, Rails-style `config/locales/vi.yml`)
 * map keys such as `password` to labels such as "Password": never credentials.
 */
export function isTranslationFile(fileName: string): boolean {
  const normalized = fileName.split(path.sep).join('/').toLowerCase();
  if (/\/(locales?|i18n|lang|langs|translations?|messages)\//.test(normalized)) return true;
  return /^[a-z]{2}([-_][a-z]{2,4})?\.(json|ya?ml)$/.test(path.basename(normalized));
}

const ENV_ITEM = /^([A-Za-z_][A-Za-z0-9_.]*)=(.*)$/;

/**
 * Keys that are patterns, not names: Jest's `moduleNameMapper` (`"^@libs/auth(|/.*)$"`), webpack
 * aliases and route tables map a regular expression or glob to a path. Their words (`auth`) say
 * what the pattern matches, not that the value is a credential.
 */
function isPatternKey(key: string): boolean {
  return isPattern(key) || /[\^$()|*]/.test(key);
}

export function detectConfigCredentials(fileName: string, document: ConfigDocument, options: ClassifyOptions): CredentialFinding[] {
  if (document.kind !== 'env' && isTranslationFile(fileName)) return [];
  const findings: CredentialFinding[] = [];
  /** Per finding: its mapping, and whether it came from inside a URL (for the dedup below). */
  const where: { parent: string; inUrl: boolean }[] = [];
  const byParent = groupByParent(document);

  for (const entry of document.entries) {
    if (entry.value === null || entry.value.length < 2) continue;
    let name: string | undefined = entry.key && !isPatternKey(entry.key) ? entry.key : undefined;
    let value = entry.value;
    let offset = entry.valueStart;
    const siblings = byParent.get(parentKey(entry)) ?? [];

    // Kubernetes: { name: DB_PASSWORD, value: "…" }
    if (name === 'value') {
      const named = nearestSibling(siblings, entry, 'name');
      if (named) name = named.value ?? undefined;
    }
    // docker-compose: environment: ["DB_PASSWORD=…"]
    const isListItem = /^\d+$/.test(entry.path[entry.path.length - 1] ?? '');
    if (isListItem) {
      const m = ENV_ITEM.exec(value);
      if (m) {
        name = m[1];
        offset += m[1].length + 1;
        value = m[2];
      }
    }
    let fallback = false;
    const shell = value.startsWith('${') ? SHELL_DEFAULT.exec(value) : null;
    if (shell) {
      name = shell[1];
      offset += value.length - 1 - shell[3].length;
      value = shell[3];
      fallback = true;
      if (value.length === 0) continue;
    }

    // Only a password-ish key needs its user name (the search is linear in the file).
    const userValue = name && classifyName(name, options.credentialWords)?.kind === 'password' ? userValueFor(document, entry, siblings, name) : undefined;
    const context: ValueContext = { names: [name], fallback, userValue, config: true, docSample: isDocSamplePath(entry.path) };
    const d = classifyValue(value, context, options);
    if (!d) continue;
    const finding = toFinding(d, offset);
    // Quoted values with escapes would shift sub-offsets; the parsed span is the safe bound.
    finding.end = Math.min(finding.end, Math.max(entry.valueEnd, finding.start + 1));
    findings.push(finding);
    where.push({ parent: parentKey(entry), inUrl: value.includes('://') });
  }
  return withoutRepeatedFallbacks(findings, where);
}

/**
 * A compose service often reads one variable twice: `DB_PASSWORD: ${POSTGRES_PASSWORD:-postgres}`
 * and `DATABASE_URL: postgres://app:${POSTGRES_PASSWORD:-postgres}@db/x`. That is one fallback,
 * reported once, on the plain entry; the URL's copy is reported only where it is the only one in
 * its mapping.
 */
function withoutRepeatedFallbacks(findings: CredentialFinding[], where: readonly { parent: string; inUrl: boolean }[]): CredentialFinding[] {
  const key = (i: number) => `${where[i].parent}\u0000${findings[i].messageId}\u0000${findings[i].data.name}\u0000${findings[i].data.masked}`;
  const plain = new Set<string>();
  findings.forEach((f, i) => {
    if (f.rule === DEFAULT_RULE && !where[i].inUrl) plain.add(key(i));
  });
  return findings.filter((f, i) => !(f.rule === DEFAULT_RULE && where[i].inUrl && plain.has(key(i))));
}

/** OpenAPI / JSON Schema sample values (`example:`, `examples:`, `x-example:`): documentation, not configuration. */
export const DOC_SAMPLE_KEYS: ReadonlySet<string> = new Set(['example', 'examples', 'x-example', 'x-examples']);

function isDocSamplePath(keys: readonly string[]): boolean {
  return keys.some((k) => DOC_SAMPLE_KEYS.has(k));
}

function parentKey(entry: ConfigEntry): string {
  return entry.path.slice(0, -1).join('\u0000');
}

function groupByParent(document: ConfigDocument): Map<string, ConfigEntry[]> {
  const map = new Map<string, ConfigEntry[]>();
  for (const e of document.entries) {
    const k = parentKey(e);
    const list = map.get(k);
    if (list) list.push(e);
    else map.set(k, [e]);
  }
  return map;
}

/**
 * The user name that goes with a password: a sibling key (`user:` next to
 * `password:`), or in a flat `.env` a key with the same prefix (`DB_USER`
 * with `DB_PASSWORD`, `LGSP_USERNAME` with `LGSP_PASSWORD`). The user-name
 * entries are indexed once per document and per sibling group, so a file of
 * many passwords costs linear time (a 25,000-line `.env` was quadratic).
 */
function userValueFor(document: ConfigDocument, entry: ConfigEntry, siblings: readonly ConfigEntry[], name: string | undefined): string | undefined {
  if (!name) return undefined;
  if (document.kind === 'env') {
    const users = envUsersByPrefix(document).get(namePrefix(name)) ?? [];
    return users.find((e) => e !== entry)?.value ?? undefined;
  }
  return nearestSibling(siblings, entry, 'user')?.value ?? undefined;
}

const envUserIndex = new WeakMap<ConfigDocument, Map<string, ConfigEntry[]>>();
/** A `.env`'s user-name entries by key prefix, in document order. */
function envUsersByPrefix(document: ConfigDocument): Map<string, ConfigEntry[]> {
  let index = envUserIndex.get(document);
  if (!index) {
    index = new Map();
    for (const e of document.entries) {
      if (!isUserName(e.key)) continue;
      const prefix = namePrefix(e.key);
      const list = index.get(prefix);
      if (list) list.push(e);
      else index.set(prefix, [e]);
    }
    envUserIndex.set(document, index);
  }
  return index;
}

/** Which siblings a search looks for: the user name of a password, a Kubernetes `env:` item's `name:`. */
const SIBLING_KINDS = {
  user: (e: ConfigEntry) => isUserName(e.key),
  name: (e: ConfigEntry) => e.key === 'name' && e.value !== null,
} as const;
type SiblingKind = keyof typeof SIBLING_KINDS;

const siblingIndex = new WeakMap<readonly ConfigEntry[], Map<SiblingKind, ConfigEntry[]>>();
/**
 * The sibling of a kind closest in the file (by key offset). Entries of a
 * multi-document YAML file (a Kubernetes manifest with several Deployments)
 * share key paths across documents; the nearest one is in the same mapping.
 * The siblings of each kind are indexed once per group, sorted by offset.
 */
function nearestSibling(siblings: readonly ConfigEntry[], entry: ConfigEntry, kind: SiblingKind): ConfigEntry | undefined {
  let byKind = siblingIndex.get(siblings);
  if (!byKind) siblingIndex.set(siblings, (byKind = new Map()));
  let found = byKind.get(kind);
  if (!found) byKind.set(kind, (found = siblings.filter(SIBLING_KINDS[kind]).sort((a, b) => a.keyStart - b.keyStart)));
  // binary search for the first one at or after the entry, then compare it with the one before
  let lo = 0;
  let hi = found.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (found[mid].keyStart < entry.keyStart) lo = mid + 1;
    else hi = mid;
  }
  let best: ConfigEntry | undefined;
  for (const i of [lo - 1, lo, lo + 1]) {
    const e = found[i];
    if (!e || e === entry) continue;
    if (!best || Math.abs(e.keyStart - entry.keyStart) < Math.abs(best.keyStart - entry.keyStart)) best = e;
  }
  return best;
}
