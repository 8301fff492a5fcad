import { fixMissingAudit } from './audit';
import { fixMissingGuard } from './guard';
import { fixDefaultCredential, fixHardcodedSecret } from './credentials';
import { fixUnboundedLoop } from './limiter';
import { registerFixer } from './plan';

registerFixer('popdb/no-hardcoded-credentials', fixHardcodedSecret);
registerFixer('popdb/no-default-credentials', fixDefaultCredential);
registerFixer('popdb/require-audit-log', fixMissingAudit);
registerFixer('popdb/no-unbounded-query-loop', fixUnboundedLoop);
registerFixer('popdb/require-access-control', fixMissingGuard);

export { planFixes, FIXERS, registerFixer, DEFAULT_CONCURRENCY, type FixPlan, type FixRequest, type FixOptions, type FileChange, type UnfixedFinding, type Fixer, type FixContext, type FixAnalysis } from './plan';
export { unifiedDiff, lineEdits, type LineEdit } from './diff';
export { envNameOf } from './env-names';
export { addEnvExampleNames } from './env-example';
export { REASONS, NOTES, TITLES } from './reasons';
export { TODO_MARKER, FALLBACK_AUDIT_FIELDS } from './audit';
export { REQUIRE_ENV } from './credentials';
