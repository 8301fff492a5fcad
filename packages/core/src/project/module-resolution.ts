import * as path from 'node:path';
import ts from 'typescript';
import { isSourceFile } from '../source';
import type { ProjectFiles } from './files';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  ModuleKind, ModuleResolutionKind, createModuleResolutionCache, findConfigFile, parseJsonConfigFileContent, readConfigFile,
  resolveModuleName, sys,
} = ts;

/**
 * Module specifiers resolved the way the TypeScript compiler resolves them:
 * `ts.resolveModuleName` with the compiler options of the nearest
 * `tsconfig.json` (or `jsconfig.json`), `extends` chains included — so
 * `paths`/`baseUrl` aliases (`@/clients`), package.json `imports`
 * (`#config/*`), index files, re-exports and `.js` specifiers that name `.ts`
 * files all resolve as they do for `tsc`. Files are read through
 * ProjectFiles, so an editor buffer (a tsconfig being edited) wins over the
 * disk.
 *
 * Two deliberate departures from the compiler: JavaScript files always
 * resolve (`allowJs`), and a config whose effective resolution is `classic`
 * (`"module": "esnext"` without `moduleResolution`) is read with `bundler`:
 * classic resolution finds no index files or packages, and the projects that
 * end up with it by accident import as if they had bundler resolution.
 *
 * Cost: the parsed options are cached per directory (until a tsconfig,
 * jsconfig or package.json changes), and each options object has its own
 * ts.ModuleResolutionCache, dropped when any file is created, changed or
 * deleted (the model's own per-specifier cache is dropped then too).
 */

const DEFAULT_OPTIONS: ts.CompilerOptions = { module: ModuleKind.ESNext, moduleResolution: ModuleResolutionKind.Bundler, allowJs: true };

interface Config {
  options: ts.CompilerOptions;
  cache: ts.ModuleResolutionCache;
  /** Bare specifiers can name project files only through these. */
  aliases: boolean;
}

const CONFIG_NAME = /^(tsconfig.*|jsconfig.*|package)\.json$/i;

export class ModuleResolver {
  private readonly byDirectory = new Map<string, Config>();
  private readonly byConfigFile = new Map<string, Config>();
  private readonly host: ts.ModuleResolutionHost & ts.ParseConfigHost;

  constructor(private readonly files: ProjectFiles) {
    this.host = {
      fileExists: (f) => files.exists(f),
      readFile: (f) => files.read(f),
      directoryExists: (d) => files.isDirectory(d),
      getCurrentDirectory: () => process.cwd(),
      useCaseSensitiveFileNames: sys.useCaseSensitiveFileNames,
      // only the options are needed, never the list of files a tsconfig includes
      readDirectory: () => [],
    };
  }

  /** A file changed (or '*'): configs are re-read when a config file changed, resolution caches always. */
  changed(file: string): void {
    if (file === '*' || CONFIG_NAME.test(path.basename(file))) {
      this.byDirectory.clear();
      this.byConfigFile.clear();
      return;
    }
    for (const c of this.byConfigFile.values()) c.cache.clear();
  }

  /** The project source file a specifier names from a file, or undefined (a package, a missing file, a declaration file without its JavaScript). */
  resolve(fromFile: string, specifier: string): string | undefined {
    const config = this.configFor(path.dirname(fromFile));
    const relative = specifier.startsWith('.') || specifier.startsWith('/');
    if (!relative && !specifier.startsWith('#') && !config.aliases) return undefined;
    const result = resolveModuleName(specifier, fromFile, config.options, this.host, config.cache);
    const resolved = result.resolvedModule;
    if (!resolved || resolved.isExternalLibraryImport) return undefined;
    let fileName = path.resolve(resolved.resolvedFileName);
    if (fileName.split(path.sep).includes('node_modules')) return undefined;
    if (/\.d\.[mc]?ts$/.test(fileName)) {
      // a hand-written `x.d.ts` beside `x.js`: the code is in the JavaScript file
      const stem = fileName.replace(/\.d\.([mc]?)ts$/, '');
      fileName = ['.js', '.jsx', '.mjs', '.cjs'].map((ext) => stem + ext).find((f) => this.files.exists(f)) ?? '';
    }
    return fileName && isSourceFile(fileName) ? fileName : undefined;
  }

  private configFor(dir: string): Config {
    const known = this.byDirectory.get(dir);
    if (known) return known;
    const configFile = findConfigFile(dir, this.host.fileExists, 'tsconfig.json') ?? findConfigFile(dir, this.host.fileExists, 'jsconfig.json');
    const key = configFile ? path.resolve(configFile) : '';
    let config = this.byConfigFile.get(key);
    if (!config) {
      const options = configFile ? this.parse(key) : { ...DEFAULT_OPTIONS };
      config = {
        options,
        cache: createModuleResolutionCache(process.cwd(), (f) => (sys.useCaseSensitiveFileNames ? f : f.toLowerCase()), options),
        aliases: !!(options.paths || options.baseUrl),
      };
      this.byConfigFile.set(key, config);
    }
    this.byDirectory.set(dir, config);
    return config;
  }

  private parse(configFile: string): ts.CompilerOptions {
    const read = readConfigFile(configFile, (f) => this.files.read(f));
    if (read.error || !read.config) return { ...DEFAULT_OPTIONS };
    const parsed = parseJsonConfigFileContent(read.config, this.host, path.dirname(configFile), undefined, configFile);
    const options: ts.CompilerOptions = { ...parsed.options, allowJs: true };
    const nodeLike = options.module !== undefined && (options.module === ModuleKind.CommonJS || options.module >= ModuleKind.Node16);
    if (options.moduleResolution === ModuleResolutionKind.Classic || (options.moduleResolution === undefined && !nodeLike)) {
      options.moduleResolution = ModuleResolutionKind.Bundler;
      options.module = ModuleKind.ESNext;
    }
    return options;
  }
}
