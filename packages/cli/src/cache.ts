import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  VERSION,
  contentHash,
  getProjectModel,
  projectConfigInputs,
  projectFiles,
  readRegularFile,
  relativeUri,
  type Dependencies,
  type Finding,
  type InventoryFileSummary,
  type Policy,
  type Suppression,
} from '@popdb-guard/core';
import type { LintOutcome } from '@popdb-guard/engine';

/**
 * `--cache` / `--cache-location DIR`: a persistent cache of per-file lint
 * results, so that a re-run on an unchanged tree costs little more than
 * hashing it (docs/architecture.md, "A cache that knows what a file read").
 *
 * ESLint's own cache cannot be used: it keys a file's results by the file's
 * own content and the config, but a popdb finding also depends on other files
 * (a wrapper that audits inside, a constant imported from elsewhere, the
 * callers that make a function an entry point). So every entry carries what
 * the file's analysis read, as the project model recorded it while the file
 * was linted (project/dependencies.ts): other files' contents (`f:`),
 * project-wide token searches (`t:`), the project configuration (`p:`). An
 * entry is reused only when the file, and every one of those, is unchanged.
 * The whole cache is dropped when the tool version, the policy (its hash
 * covers the rules' severities), the scan root, the list of scanned files or
 * a module-resolution input (package.json, tsconfig, jsconfig) changed.
 */

const FORMAT = 1;
/** Most a cache file may be (it is read whole). */
const MAX_CACHE_BYTES = 512 * 1024 * 1024;

interface CacheEntry {
  hash: string;
  /** Dependency → its value when the file was linted. */
  deps: Record<string, string>;
  findings: Finding[];
  suppressions: Suppression[];
  /** The file's inventory summary; null: none (test code); absent: not computed (no inventory was built). */
  inventory?: InventoryFileSummary | null;
}

interface CacheData {
  format: number;
  tool: string;
  key: string;
  files: Record<string, CacheEntry>;
}

/** The cache file of a scan root inside the cache folder (one per root, as ESLint names its cache after the working directory). */
export function cacheFile(location: string | undefined, root: string): string {
  const dir = location ?? path.join(root, 'node_modules', '.cache', 'popdb-guard');
  return path.join(dir, `cache-${crypto.createHash('sha256').update(root).digest('hex').slice(0, 16)}.json`);
}

const MODULE_RESOLUTION_INPUT = /(^|[\\/])(package\.json|[tj]sconfig[^\\/]*\.json)$/;

/** What invalidates the whole cache: tool, policy, root, the scanned file list, module-resolution inputs. */
function globalKey(root: string, policy: Policy, files: readonly string[]): string {
  const h = crypto.createHash('sha256');
  h.update(`${VERSION}\u0000${policy.hash}\u0000${policy.file ?? ''}\u0000${root}\u0000`);
  for (const f of [...files].sort()) {
    h.update(`${relativeUri(root, f)}\u0000`);
    if (MODULE_RESOLUTION_INPUT.test(f)) h.update(`${fileHash(f)}\u0000`);
  }
  return h.digest('hex');
}

const hashes = new Map<string, string>();
function fileHash(file: string): string {
  let h = hashes.get(file);
  if (h === undefined) {
    const text = projectFiles.read(file);
    h = text === undefined ? '-' : contentHash(text);
    hashes.set(file, h);
  }
  return h;
}

/** The current value of one recorded dependency of `file`. */
function dependencyValue(dep: string, file: string, policy: Policy, root: string): string {
  const kind = dep.slice(0, 2);
  const what = dep.slice(2);
  if (kind === 'f:') return fileHash(what);
  const model = getProjectModel(file, policy);
  if (kind === 't:') return contentHash(model.filesContaining(what).map((f) => relativeUri(root, f)).sort().join('\n'));
  if (kind === 'p:') return contentHash(projectConfigInputs(model.root, what === 'env' ? 'env' : 'config').map((f) => `${relativeUri(root, f)}:${fileHash(f)}`).join('\n'));
  // an unknown kind (a newer tool wrote it): never equal
  return `?${Math.random()}`;
}

export interface ScanCache {
  /** The cache file. */
  file: string;
  /** Outcomes and inventory summaries of the files whose entries are still valid, by absolute path. */
  hits: Map<string, { outcome: LintOutcome; inventory?: InventoryFileSummary | null }>;
  /** A note for stderr (a cache that could not be read, or was not written). */
  notes: string[];
  data: CacheData;
}

/** Read the cache and keep the entries still valid for these files. A missing, corrupt or foreign cache is an empty one (with a note, unless missing). */
export function openCache(location: string | undefined, root: string, policy: Policy, files: readonly string[], withInventory: boolean): ScanCache {
  hashes.clear();
  const file = cacheFile(location, root);
  const key = globalKey(root, policy, files);
  const notes: string[] = [];
  const empty: CacheData = { format: FORMAT, tool: VERSION, key, files: {} };
  let data = empty;
  if (fs.existsSync(file)) {
    const read = readRegularFile(file, MAX_CACHE_BYTES);
    let parsed: unknown;
    try {
      parsed = read.ok ? JSON.parse(read.text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!isCacheData(parsed)) notes.push(`the cache ${file} could not be read (${read.ok ? 'not a popdb-guard cache' : read.message}); it is ignored and rewritten`);
    else if (parsed.format === FORMAT && parsed.tool === VERSION && parsed.key === key) data = parsed;
  }
  const hits = new Map<string, { outcome: LintOutcome; inventory?: InventoryFileSummary | null }>();
  for (const f of files) {
    const entry = data.files[relativeUri(root, f)];
    if (!entry || entry.hash !== fileHash(f)) continue;
    if (withInventory && entry.inventory === undefined) continue;
    if (!Object.entries(entry.deps).every(([dep, value]) => dependencyValue(dep, f, policy, root) === value)) continue;
    hits.set(f, { outcome: { findings: entry.findings, suppressions: entry.suppressions }, inventory: entry.inventory });
  }
  // entries of files that were not reused are rewritten below; the others are dropped with the old key
  return { file, hits, notes, data: data === empty ? empty : { ...data, files: Object.fromEntries(Object.entries(data.files).filter(([rel]) => hits.has(path.resolve(root, rel)))) } };
}

function isCacheData(value: unknown): value is CacheData {
  const v = value as CacheData | undefined;
  return typeof v === 'object' && v !== null && typeof v.format === 'number' && typeof v.tool === 'string' && typeof v.key === 'string' && typeof v.files === 'object' && v.files !== null &&
    Object.values(v.files).every((e) => typeof e === 'object' && e !== null && typeof e.hash === 'string' && typeof e.deps === 'object' && e.deps !== null && Array.isArray(e.findings) && Array.isArray(e.suppressions));
}

/**
 * Record the freshly linted files: their outcome (copied now, before the
 * scan localizes and fingerprints the findings in place), their inventory
 * summary, and the current value of everything their analysis read.
 */
export function recordLinted(cache: ScanCache, root: string, policy: Policy, linted: readonly string[], outcome: LintOutcome, dependencies: ReadonlyMap<string, Dependencies>, summaries: ReadonlyMap<string, InventoryFileSummary | undefined> | undefined): void {
  const findings = new Map<string, Finding[]>();
  const suppressions = new Map<string, Suppression[]>();
  for (const f of outcome.findings) (findings.get(f.file) ?? findings.set(f.file, []).get(f.file)!).push(f);
  for (const s of outcome.suppressions) (suppressions.get(s.finding.file) ?? suppressions.set(s.finding.file, []).get(s.finding.file)!).push(s);
  for (const file of linted) {
    const deps: Record<string, string> = {};
    for (const dep of [...(dependencies.get(file) ?? [])].sort()) {
      // its own content is the entry's hash
      if (dep !== `f:${file}`) deps[dep] = dependencyValue(dep, file, policy, root);
    }
    const entry: CacheEntry = {
      hash: fileHash(file),
      deps,
      findings: structuredClone(findings.get(file) ?? []),
      suppressions: structuredClone(suppressions.get(file) ?? []),
    };
    if (summaries) entry.inventory = summaries.get(file) ?? null;
    cache.data.files[relativeUri(root, file)] = entry;
  }
}

/** Write the cache; a failure is a note, never a failed scan. */
export function writeCache(cache: ScanCache): void {
  try {
    fs.mkdirSync(path.dirname(cache.file), { recursive: true });
    const tmp = `${cache.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(cache.data));
    fs.renameSync(tmp, cache.file);
  } catch (error) {
    cache.notes.push(`the cache ${cache.file} was not written: ${(error as Error).message}`);
  }
}
