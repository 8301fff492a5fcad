import ts from 'typescript';
import { parseSource } from '../source';
import { absolutePath } from './files';

/**
 * One TypeScript AST per file and text, shared by whoever parses: ESLint's
 * parser in the hosts (`eslint-plugin-popdb/parser`) and the project model.
 * A file the model parsed because another file imports it is not parsed again
 * when ESLint lints it, and the other way round.
 *
 * The table holds weak references only: an AST stays alive exactly as long as
 * someone (the model's FileIndex, ESLint's SourceCode of the file being
 * linted) uses it, so sharing never keeps memory the holders have let go.
 */
const live = new Map<string, WeakRef<ts.SourceFile>>();
const forget = new FinalizationRegistry<string>((abs) => {
  if (live.get(abs)?.deref() === undefined) live.delete(abs);
});

/** The AST of `text` as file `fileName`: the live one if its text is the same, else a fresh parse. */
export function sharedSourceFile(fileName: string, text: string): ts.SourceFile {
  const abs = absolutePath(fileName);
  const known = live.get(abs)?.deref();
  if (known && known.text === text) return known;
  const sourceFile = parseSource(abs, text);
  live.set(abs, new WeakRef(sourceFile));
  forget.register(sourceFile, abs);
  return sourceFile;
}
