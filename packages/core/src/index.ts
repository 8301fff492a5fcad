export * from './policy/policy';
export * as defaults from './policy/defaults';
export * from './legal';
export * from './rule';
export { isTestCode, testCodeRoot, type TestCodeBehaviour } from './test-code';
export * from './callee';
export * from './mask';
export * from './source';
export * from './config-file';
export * from './findings';
export type { ScanReport, ConnectionInventory, ConnectionInventoryEntry, UnresolvedSiteEntry, ApprovalDiff } from './format/report';
export * from './pseudo-rules';
export { formatHtml, maskCredentialRanges, CREDENTIAL_RULE_IDS } from './format/html';
export * from './lines';
export * from './guard';
export * from './generated';
export { formatText, escapeControl, type TextOptions } from './format/text';
export * from './language';
export { formatJson, inventoryJson, approvalDiffJson } from './format/json';
export { formatInventoryText, formatApprovalDiffText } from './format/inventory-text';
export { buildInventory, summarizeInventoryFile, stableFunctionNames, type InventoryFileSummary, type InventorySiteSummary, type InventoryResult, type InventoryOptions, type QueryFunction } from './inventory/inventory';
export { approvalRecord, diffApproval, parseApprovalRecord, APPROVAL_LEGAL_REFERENCES, type ApprovalRecord, type ApprovedSite, type ParsedApproval } from './inventory/approval';
export {
  formatSarif,
  artifactUri,
  sarifRuleDescriptor,
  sarifPseudoRuleDescriptor,
  sarifLimitWarning,
  sarifResultCount,
  securitySeverity,
  ruleDocsUrl,
  pseudoRuleDocsUrl,
  findingDocsUrl,
  DOCS_BASE_URL,
  SARIF_SCHEMA,
  SARIF_AUTOMATION_ID,
  SECURITY_SEVERITY,
  GITHUB_SARIF_LIMITS,
  type SarifOptions,
} from './format/sarif';
export { starterPolicy } from './policy/starter';
export { VERSION } from './version';
export { ProjectFiles, projectFiles, contentHash } from './project/files';
export { readRegularFile, checkRegularFile, followLinkWithin, isWithinFolder, MAX_SOURCE_BYTES, MAX_POLICY_BYTES, type FileRead } from './project/read-file';
export { sharedSourceFile } from './project/source-files';
export { collectFiles, keepListings, isScannable, ALWAYS_SKIPPED, ScanPathError, type FileProblem } from './project/collect-files';
export { buildFileIndex, isFunctionLike, isNestedUnder, nodesWithin, requireSpecifier, type FileIndex, type FunctionInfo, type FunctionLike, type ImportBinding, type ExportBinding } from './project/file-index';
export {
  ProjectModel,
  RETAINED_INDEXES,
  setRetainedIndexes,
  MEMO_CAPACITY,
  NODE_MEMO_FILES,
  getProjectModel,
  releaseProjectFacts,
  resetProjectModels,
  projectRootFor,
  knownText,
  processEnvName,
  findLocalDeclaration,
  type Resolved,
  type FunctionTarget,
  type StringPart,
} from './project/model';
export { MAX_CANDIDATES, concatCandidates, unionCandidates, representative, type Candidate } from './project/evaluate';
export { normalizedCodeHash, normalizedTokens } from './approval/normalize';
export * as credentials from './credentials';
export * from './query/endpoint';
export * from './query/http-clients';
export * from './query/query-sites';
export * from './query/user-input';
export * from './query/audit';
export * from './query/loops';
export * from './query/unresolved';
export * as taint from './taint';
export { citizenDataFindings, type CitizenDataFinding } from './taint/report';
export { credentialFindings, type CredentialFinding } from './taint/credential-data';
export { functionSpans, type FunctionSpan } from './project/function-spans';
export * from './query/purpose';
export { accessGaps, matchesPublicRoute, type AccessGap } from './access/access-control';
export { findEntryPoints, describeRoute, type EntryPoint, type AccessFramework } from './access/entry-points';
export { classifyMiddleware, type Protection } from './access/guards';
export { DependencyRecorder, dependencyRecorder, type Dependencies } from './project/dependencies';
export { projectConfigInputs } from './project/project-config';
