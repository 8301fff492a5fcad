export * from './policy/policy';
export * as defaults from './policy/defaults';
export * from './legal';
export * from './rule';
export * from './callee';
export * from './mask';
export * from './source';
export * from './config-file';
export * from './findings';
export type { ScanReport } from './format/report';
export { formatText, type TextOptions } from './format/text';
export { formatJson } from './format/json';
export { formatSarif, sarifRuleDescriptor, ruleDocsUrl, SARIF_SCHEMA } from './format/sarif';
export { starterPolicy } from './policy/starter';
export { VERSION } from './version';
export { ProjectFiles, projectFiles, contentHash } from './project/files';
export { collectFiles, isScannable, ALWAYS_SKIPPED, ScanPathError } from './project/collect-files';
export { buildFileIndex, isFunctionLike, requireSpecifier, type FileIndex, type FunctionInfo, type FunctionLike, type ImportBinding, type ExportBinding } from './project/file-index';
export {
  ProjectModel,
  getProjectModel,
  resetProjectModels,
  projectRootFor,
  knownText,
  processEnvName,
  findLocalDeclaration,
  type Resolved,
  type FunctionTarget,
  type StringPart,
} from './project/model';
export * as taint from './taint';
export { citizenDataFindings, type CitizenDataFinding } from './taint/report';
