export { main, USAGE, EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, type Io } from './cli';
export { scan, scanRoot, type ScanOptions, type ScanOutcome } from './scan';
export { collectFiles, isScannable, UsageError } from './files';
export { applyBaseline, readBaseline, writeBaseline, type BaselineFile, type BaselineEntry } from './baseline';
