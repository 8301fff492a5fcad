export { main, USAGE, EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, type Io } from './cli';
export { scan, scanRoot, type ScanOptions, type ScanOutcome } from './scan';
export { UsageError } from './errors';
export { applyBaseline, readBaseline, writeBaseline, type BaselineFile, type BaselineEntry } from './baseline';
