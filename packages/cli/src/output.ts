import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './errors';

/**
 * An output file's folder must exist (it is not created: a typo in a CI path
 * should fail, not scatter reports), checked before scanning.
 */
export function checkWritable(file: string): void {
  const dir = path.dirname(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new UsageError(`cannot write ${file}: the folder ${dir} does not exist (popdb-guard does not create it)`);
  }
  if (!stat.isDirectory()) throw new UsageError(`cannot write ${file}: ${dir} is not a folder`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`cannot write ${file}: it is a folder`);
}

/** Write, turning a file-system error into a usage error (exit 2, one line, no stack trace). */
export function writeOrFail(file: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
