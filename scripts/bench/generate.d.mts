// Types for scripts/bench/generate.mjs (the synthetic-repository generator).

/** One deliberate violation the generator planted. */
export interface PlantedViolation {
  /** Path relative to the repository root, forward slashes. */
  file: string;
  /** 1-based line of the violating code. */
  line: number;
  kind: keyof typeof VIOLATION_RULES;
  /** The popdb rule expected to report it. */
  ruleId: string;
}

export interface GeneratedRepo {
  dir: string;
  seed: number;
  /** Province slug: the policy registers `https://lgsp.<province>.gov.vn/dancu/v1/`. */
  province: string;
  /** Every file written, relative, forward slashes, in write order. */
  files: string[];
  /** Files by extension (`.env`, `.env.local` … count as `.env`). */
  byExtension: Record<string, number>;
  planted: PlantedViolation[];
}

export interface GenerateOptions {
  /** How many files to write in all (default 200). */
  files?: number;
  /** Same seed and files → byte-identical output (default 1). */
  seed?: number;
}

/** Writes the files synchronously (creating `dir`) and returns what it wrote. */
export declare function generateRepo(dir: string, options?: GenerateOptions): GeneratedRepo;
export declare const EXTENSIONS: readonly string[];
export declare const VIOLATION_RATE: number;
export declare const VIOLATION_RULES: {
  readonly 'hardcoded-password': 'popdb/no-hardcoded-credentials';
  readonly 'default-credential': 'popdb/no-default-credentials';
  readonly 'unregistered-endpoint': 'popdb/no-unregistered-endpoint';
  readonly 'unaudited-query': 'popdb/require-audit-log';
  readonly 'unbounded-loop': 'popdb/no-unbounded-query-loop';
  readonly 'citizen-to-messaging': 'popdb/no-citizen-data-to-messaging';
};
