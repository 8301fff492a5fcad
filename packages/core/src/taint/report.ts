import * as path from 'node:path';
import type ts from 'typescript';
import type { Policy } from '../policy/policy';
import { getProjectModel } from '../project/model';
import { TaintAnalysis, type Origin, type TaintFinding } from './analysis';
import { defaultQueryOracle, type QueryOracle } from './query-oracle';
import type { SinkKind } from './sinks';

export interface CitizenDataFinding {
  finding: TaintFinding;
  start: number;
  end: number;
  /** Decree 13/2023 sensitive data (ethnicity, religion, …) is involved. */
  sensitive: boolean;
  /** Message data: `data` (English) and `duLieu` (Vietnamese) describe the data and its path; `sink` names the destination. */
  data: { data: string; duLieu: string; sink: string };
}

const analyses = new WeakMap<object, TaintAnalysis>();

/** The citizen-data findings of one kind in one file (the analysis is shared by the rules and memoized in the project model). */
export function citizenDataFindings(
  input: { fileName: string; text: string; sourceFile: ts.SourceFile; policy: Policy },
  kinds: readonly SinkKind[],
  oracle: QueryOracle = defaultQueryOracle,
): CitizenDataFinding[] {
  const model = getProjectModel(input.fileName, input.policy);
  const file = model.fileIndex(input.fileName, input.text, input.sourceFile);
  if (!file) return [];
  let analysis = analyses.get(model);
  if (!analysis || analysis.oracle !== oracle) {
    analysis = new TaintAnalysis(model, oracle);
    analyses.set(model, analysis);
  }
  return analysis
    .analyzeFile(file)
    .filter((f) => kinds.includes(f.kind))
    .map((finding) => ({
      finding,
      start: finding.node.getStart(file.sourceFile),
      end: finding.node.getEnd(),
      sensitive: finding.origins.some((o) => o.sensitive),
      data: describeFinding(finding, input.fileName),
    }));
}

function where(o: Origin, currentFile: string, lang: 'en' | 'vi'): string {
  const line = lang === 'en' ? `line ${o.line}` : `dòng ${o.line}`;
  return o.file === currentFile ? line : `${path.basename(o.file)} ${line}`;
}

function describeOrigin(o: Origin, currentFile: string, lang: 'en' | 'vi'): string {
  const at = where(o, currentFile, lang);
  if (o.kind === 'query') {
    const q = o.query ? ` (${o.query})` : '';
    if (lang === 'en') return o.field ? `${o.field} from the population-DB response${q} at ${at}` : `the population-DB response${q} at ${at}`;
    return o.field ? `${o.field} từ kết quả tra cứu CSDL dân cư${q} tại ${at}` : `kết quả tra cứu CSDL dân cư${q} tại ${at}`;
  }
  if (o.kind === 'id-literal') return lang === 'en' ? `a ${o.field} number written at ${at}` : `số ${o.field} viết trong mã tại ${at}`;
  // a member of a declared record (a Mongoose document, a validated body)
  if (o.query) return lang === 'en' ? `${o.field} of the ${o.query} record at ${at}` : `${o.field} của bản ghi ${o.query} tại ${at}`;
  return lang === 'en' ? `${o.field} (citizen-data field) at ${at}` : `${o.field} (trường dữ liệu công dân) tại ${at}`;
}

/** Short message data: the first origin (sensitive first), `+N more`, and the functions on the way. */
export function describeFinding(f: TaintFinding, currentFile: string): { data: string; duLieu: string; sink: string } {
  const origins = [...f.origins].sort((a, b) => Number(b.sensitive) - Number(a.sensitive));
  const text = (lang: 'en' | 'vi') => {
    let s = describeOrigin(origins[0], currentFile, lang);
    if (origins.length > 1) s += lang === 'en' ? ` (+${origins.length - 1} more)` : ` (+${origins.length - 1} nguồn khác)`;
    if (f.via.length) s += ` ${lang === 'en' ? 'via' : 'qua'} ${(lang === 'en' ? f.via : f.via.map(viaVi)).join(' → ')}`;
    return s;
  };
  return { data: text('en'), duLieu: text('vi'), sink: f.sink };
}

/** The way through an event or a queue, in Vietnamese (`event 'x'` → `sự kiện 'x'`); function names stay as written. */
function viaVi(step: string): string {
  return step.replace(/^event '/, "sự kiện '").replace(/^job '/, "tác vụ '").replace(/^queue '/, "hàng đợi '");
}
