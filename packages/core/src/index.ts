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
export type { ScanReport, ConnectionInventory, ConnectionInventoryEntry, ApprovalDiff } from './format/report';
export * from './pseudo-rules';
export * from './language';
export { formatHtml, maskCredentialRanges, maskLikelySecrets, CREDENTIAL_RULE_IDS } from './format/html';
export { formatText, type TextOptions } from './format/text';
export { formatJson, inventoryJson, approvalDiffJson } from './format/json';
export { formatInventoryText, formatApprovalDiffText } from './format/inventory-text';
export { buildInventory, stableFunctionNames, type InventoryResult, type InventoryOptions, type QueryFunction } from './inventory/inventory';
export { approvalRecord, diffApproval, parseApprovalRecord, APPROVAL_LEGAL_REFERENCES, type ApprovalRecord, type ApprovedSite, type ParsedApproval } from './inventory/approval';
export {
  formatSarif,
  sarifRuleDescriptor,
  sarifPseudoRuleDescriptor,
  sarifLimitWarning,
  sarifResultCount,
  securitySeverity,
  ruleDocsUrl,
  SARIF_SCHEMA,
  SARIF_AUTOMATION_ID,
  SECURITY_SEVERITY,
  GITHUB_SARIF_LIMITS,
  type SarifOptions,
} from './format/sarif';
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
export { normalizedCodeHash, normalizedTokens } from './approval/normalize';
export * as credentials from './credentials';
export * from './query/endpoint';
export * from './query/http-clients';
export * from './query/query-sites';
export * from './query/user-input';
export * from './query/audit';
export * from './query/loops';
export * as taint from './taint';
export { citizenDataFindings, type CitizenDataFinding } from './taint/report';
export { credentialFindings, type CredentialFinding } from './taint/credential-data';
export { functionSpans, type FunctionSpan } from './project/function-spans';
