import { relativeUri, type Finding } from '../findings';
import type { Language } from '../language';
import { RULE_PREFIX } from '../rule';
import type { ApprovalDiff, ConnectionInventoryEntry, ScanReport } from './report';
import { esc, say } from './html-parts';

/**
 * The HTML report's pictures (issue 13, item 5): the connection diagram, the
 * coverage bars and the approval diff drawn as the same diagram. Inline SVG
 * written as text: no script, no font or image to load, nothing measured in
 * a browser, so the report stays one file under its CSP
 * (`default-src 'none'`) and prints as it shows.
 *
 * Text in SVG cannot be measured without a script: labels use a monospace
 * font and are cut to the characters a box holds (with `…`); the whole text is
 * in the node's `<title>` (a tooltip, and the accessible name) and in the
 * tables beside the drawing.
 */

type Registration = 'registered' | 'unregistered' | 'insecure' | 'unknown';
/** A site's change since the approval (the diff drawing); absent in the plain diagram. */
export type SiteMark = 'added' | 'removed' | 'changed' | 'same';

interface Chip {
  text: string;
  /** The Vietnamese text alone, when `text` is in both languages and the row is short of room. */
  short?: string;
  title: string;
  tone: 'bad' | 'good' | 'note';
}

interface SiteRow {
  label: string;
  title: string;
  endpoint: string;
  registration: Registration;
  sinks: string[];
  chips: Chip[];
  mark?: SiteMark;
}

interface EndpointNode {
  key: string;
  label: string;
  title: string;
  registration: Registration;
  transport: 'tls' | 'http' | 'unknown';
  /** A policy client call: the endpoint is inside the client. */
  client: boolean;
  /** A registered endpoint no site resolves under. */
  unused?: boolean;
  /** In the diff: an endpoint not in the approval record, or one only removed sites used. */
  mark?: 'new' | 'gone';
}

interface SinkNode {
  key: string;
  label: string;
  title: string;
}

interface Diagram {
  modules: { file: string; rows: SiteRow[] }[];
  endpoints: EndpointNode[];
  sinks: SinkNode[];
  /** Sites left out of the drawing (beyond `MAX_ROWS`); the tables list them. */
  omitted: number;
}

/** Site rows drawn at most: a large system's diagram stays readable; the tables list every site. */
const MAX_ROWS = 40;
/** Messaging sinks drawn at most. */
const MAX_SINKS = 12;
/** Registered endpoints no site uses, drawn at most. */
const MAX_UNUSED = 8;

// Layout, in SVG user units (the drawing scales to the page width).
const WIDTH = 1200;
const FONT = 11;
/** Width of one character of the monospace font at FONT (about 0.6 em), and at the chips' smaller size. */
const CH = 6.7;
const CHIP_CH = 5.8;
/** A site's label keeps at least this many characters: chips in both languages fall back to Vietnamese alone (the tooltip keeps both). */
const MIN_LABEL = 28;
const SYS = { x: 10, w: 140 };
const MOD = { x: 180, w: 520 };
const EP = { x: 750, w: 310 };
const DB = { x: 1090, w: 100 };
const TOP = 30;
const HEAD_H = 22;
const ROW_H = 18;
const GROUP_GAP = 12;
const EP_H = 36;
const SINK_H = 30;
const NODE_GAP = 10;

/** Cut a label to `max` characters, keeping its start and its end (a path's file name, a URL's operation). */
function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…';
  const head = Math.ceil((max - 1) * 0.6);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}

/** Words wrapped to lines of at most `max` characters (a longer word is cut), at most `lines` lines. */
function wrap(text: string, max: number, lines: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!line) line = word;
    else if (line.length + 1 + word.length <= max) line += ` ${word}`;
    else {
      out.push(line);
      line = word;
    }
  }
  if (line) out.push(line);
  const cut = out.map((l) => fit(l, max));
  return cut.length > lines ? [...cut.slice(0, lines - 1), fit(cut.slice(lines - 1).join(' '), max)] : cut;
}

const REG_TEXT: Record<Registration, [string, string]> = {
  registered: ['đã đăng ký', 'registered'],
  unregistered: ['chưa đăng ký', 'unregistered'],
  insecure: ['http không bảo mật', 'insecure http'],
  unknown: ['không xác định', 'undecided'],
};

const MARK_TEXT: Record<Exclude<SiteMark, 'same'>, [string, string, Chip['tone']]> = {
  added: ['+ thêm mới', '+ added', 'note'],
  removed: ['− đã bỏ', '− removed', 'bad'],
  changed: ['~ đổi ghi nhật ký', '~ audit changed', 'note'],
};

function registrationOf(e: ConnectionInventoryEntry): Registration {
  const r = e.registration ?? (e.registered === undefined ? 'unknown' : e.registered ? 'registered' : 'unregistered');
  return r in REG_TEXT ? r : 'unknown';
}

function transportOf(url: string | undefined): EndpointNode['transport'] {
  if (!url) return 'unknown';
  if (/^https:\/\//i.test(url)) return 'tls';
  if (/^http:\/\//i.test(url)) return 'http';
  return 'unknown';
}

/** The node a site's arrow goes to: its endpoint, the policy client it calls, or "not known". */
function endpointKey(e: ConnectionInventoryEntry): string {
  if (e.endpoint) return `url:${e.endpoint}`;
  if (e.kind === 'clientCall' && e.callee) return `client:${e.callee.includes('.') ? e.callee.slice(0, e.callee.lastIndexOf('.')) : e.callee}`;
  return 'unknown';
}

/** A site, identified across the inventory and the approval diff (the diff's entries are the inventory's, or read back from the record). */
export function siteKey(e: ConnectionInventoryEntry): string {
  return [e.file, e.line, e.column, e.kind, e.callee ?? ''].join('\u0000');
}

function siteRow(report: ScanReport, e: ConnectionInventoryEntry, mark: SiteMark | undefined): SiteRow {
  const lang = report.language;
  const chips: Chip[] = [];
  if (mark && mark !== 'same') {
    const [vi, en, tone] = MARK_TEXT[mark];
    chips.push({ text: say(lang, vi, en), short: vi, title: say('both', vi, en), tone });
  }
  if (e.audited === false) chips.push({ text: say(lang, 'chưa ghi nhật ký', 'not audited'), short: 'chưa ghi nhật ký', title: `${say('both', 'chưa ghi nhật ký', 'not audited')}${e.auditedBy ? `: ${e.auditedBy}` : ''}`, tone: 'bad' });
  if (e.loop?.state === 'unbounded') chips.push({ text: say(lang, 'lặp vô hạn', 'unbounded'), short: 'lặp vô hạn', title: `${say('both', 'vòng lặp không giới hạn', 'unbounded loop')}: ${e.loop.detail ?? ''}`, tone: 'bad' });
  const where = `${relativeUri(report.root, e.file) || e.file}:${e.line}:${e.column}`;
  const registration = registrationOf(e);
  const chain = e.chain && e.chain.length > 1 ? ` (${e.chain.map((s) => s.name).join(' → ')})` : '';
  return {
    label: `${e.function ?? '<module>'} → ${e.callee ?? e.kind}`,
    title: `${where} ${e.kind} ${e.callee ?? ''}${chain}${e.endpoint ? ` → ${e.endpoint}` : ''} [${say('both', ...REG_TEXT[registration])}]`,
    endpoint: endpointKey(e),
    registration,
    sinks: (e.reaches ?? []).filter((r) => r.kind === 'messaging').map((r) => r.sink),
    chips,
    mark,
  };
}

/** The diagram's nodes and rows from inventory entries (sorted by file already), with a mark per site in the diff drawing. */
function diagramOf(report: ScanReport, entries: readonly ConnectionInventoryEntry[], markOf?: (e: ConnectionInventoryEntry) => SiteMark, newEndpoints: ReadonlySet<string> = new Set()): Diagram {
  const modules = new Map<string, SiteRow[]>();
  const endpoints = new Map<string, EndpointNode>();
  const sinks = new Map<string, SinkNode>();
  const live = new Set<string>();
  const shown = entries.slice(0, MAX_ROWS);
  for (const e of shown) {
    const mark = markOf?.(e);
    const row = siteRow(report, e, mark);
    const file = relativeUri(report.root, e.file) || e.file;
    modules.set(file, [...(modules.get(file) ?? []), row]);
    if (mark !== 'removed') live.add(row.endpoint);
    if (!endpoints.has(row.endpoint)) {
      const client = row.endpoint.startsWith('client:');
      const label = client ? row.endpoint.slice('client:'.length) : (e.endpoint ?? say(report.language, 'điểm cuối không xác định', 'endpoint not known'));
      endpoints.set(row.endpoint, {
        key: row.endpoint,
        label,
        title: client ? `${label}: ${say('both', 'client theo chính sách, điểm cuối nằm trong client', 'policy client call, the endpoint is inside the client')}` : label,
        registration: row.registration,
        transport: transportOf(e.endpoint),
        client,
        ...(e.endpoint && newEndpoints.has(e.endpoint) && { mark: 'new' as const }),
      });
    }
    for (const r of e.reaches ?? []) {
      if (r.kind !== 'messaging' || sinks.has(r.sink) || sinks.size >= MAX_SINKS) continue;
      sinks.set(r.sink, { key: r.sink, label: r.sink, title: `${r.sink} (${relativeUri(report.root, r.file)}:${r.line}): ${say('both', 'dữ liệu công dân đến dịch vụ nhắn tin bên thứ ba', 'citizen data reaches a third-party messaging service')}` });
    }
  }
  if (markOf) for (const n of endpoints.values()) if (!live.has(n.key) && !n.mark) n.mark = 'gone';
  const unused = report.inventory?.totals?.unusedRegisteredEndpoints ?? [];
  for (const prefix of unused.slice(0, MAX_UNUSED)) {
    const key = `url:${prefix}`;
    if (!endpoints.has(key)) endpoints.set(key, { key, label: prefix, title: `${prefix}: ${say('both', 'đã đăng ký, không nơi nào dùng', 'registered, no query site resolves under it')}`, registration: 'registered', transport: transportOf(prefix), client: false, unused: true });
  }
  return { modules: [...modules].map(([file, rows]) => ({ file, rows })), endpoints: [...endpoints.values()], sinks: [...sinks.values()], omitted: entries.length - shown.length };
}

const EDGE_CLASS: Record<Registration, string> = { registered: 'e-ok', unregistered: 'e-bad', insecure: 'e-http', unknown: 'e-unknown' };
const ARROW_COLOURS: Record<string, string> = { ok: '#1a7f37', bad: '#b00020', http: '#c2410c', unknown: '#6e7781', sink: '#d1242f' };

function arrowDefs(id: string): string {
  return `<defs>${Object.entries(ARROW_COLOURS)
    .map(([name, colour]) => `<marker id="${id}-a-${name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${colour}"/></marker>`)
    .join('')}</defs>`;
}

function curve(x1: number, y1: number, x2: number, y2: number): string {
  const dx = Math.max(20, (x2 - x1) / 2);
  return `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`;
}

function text(x: number, y: number, content: string, cls: string, anchor: 'start' | 'middle' | 'end' = 'start'): string {
  return `<text x="${x}" y="${y}" class="${cls}"${anchor === 'start' ? '' : ` text-anchor="${anchor}"`}>${esc(content)}</text>`;
}

/** A row's chips, right-aligned; `room` is the width the row has for label and chips, `label` the characters the label would like. */
function chipsOf(chips: readonly Chip[], right: number, y: number, room: number, label: number): { svg: string; width: number } {
  const widthOf = (t: string) => t.length * CHIP_CH + 10;
  const total = (short: boolean) => chips.reduce((sum, c) => sum + widthOf(short ? (c.short ?? c.text) : c.text) + 4, 0);
  const short = room - total(false) < Math.min(label, MIN_LABEL) * CH;
  let x = right;
  const parts: string[] = [];
  for (const c of chips) {
    const shown = short ? (c.short ?? c.text) : c.text;
    const w = widthOf(shown);
    x -= w + 4;
    parts.push(`<g class="chip ${c.tone}"><title>${esc(c.title)}</title><rect x="${x.toFixed(1)}" y="${y - 6.5}" width="${w.toFixed(1)}" height="13" rx="6.5"/>${text(+(x + w / 2).toFixed(1), y + 3.5, shown, 'chip-t', 'middle')}</g>`);
  }
  return { svg: parts.join(''), width: right - x };
}

/** The diagram as inline SVG; `id` keeps its marker and title ids unique in the document. */
function drawDiagram(report: ScanReport, d: Diagram, id: string, caption: { title: string; desc: string }): string {
  const lang = report.language;
  const out: string[] = [];
  const edges: string[] = [];
  const rowAt: { row: SiteRow; y: number }[] = [];
  let y = TOP;
  const headerYs: number[] = [];
  for (const m of d.modules) {
    headerYs.push(y + HEAD_H / 2);
    const h = HEAD_H + m.rows.length * ROW_H + 6;
    out.push(`<g class="module"><title>${esc(m.file)}: ${m.rows.length} ${say('both', 'nơi truy vấn', 'query site(s)')}</title><rect class="mod" x="${MOD.x}" y="${y}" width="${MOD.w}" height="${h}" rx="4"/>${text(MOD.x + 8, y + 15, fit(m.file, Math.floor((MOD.w - 16) / CH)), 'mod-t')}</g>`);
    m.rows.forEach((row, i) => {
      const ry = y + HEAD_H + i * ROW_H + ROW_H / 2;
      rowAt.push({ row, y: ry });
      const chips = chipsOf(row.chips, MOD.x + MOD.w - 4, ry, MOD.w - 20, row.label.length);
      const room = Math.floor((MOD.w - 20 - chips.width) / CH);
      out.push(
        `<g class="site ${EDGE_CLASS[row.registration]}${row.mark ? ` m-${row.mark}` : ''}"><title>${esc(row.title)}</title><rect class="row" x="${MOD.x + 4}" y="${ry - ROW_H / 2 + 1}" width="${MOD.w - 8}" height="${ROW_H - 2}" rx="2"/><rect class="reg" x="${MOD.x + 4}" y="${ry - ROW_H / 2 + 1}" width="4" height="${ROW_H - 2}"/>${text(MOD.x + 14, ry + 4, fit(row.label, room), 'site-t')}${chips.svg}</g>`,
      );
    });
    y += h + GROUP_GAP;
  }
  const leftBottom = Math.max(y - GROUP_GAP, TOP + 60);

  // the right column: endpoints, then the messaging sinks
  const epY = new Map<string, number>();
  let ry = TOP;
  for (const n of d.endpoints) {
    const h = n.mark ? EP_H + 14 : EP_H;
    epY.set(n.key, ry + h / 2);
    const status = n.client
      ? say(lang, 'client theo chính sách', 'policy client')
      : `${n.unused ? say(lang, 'đã đăng ký, không dùng', 'registered, unused') : say(lang, ...REG_TEXT[n.registration])} · ${n.transport === 'tls' ? 'TLS' : n.transport === 'http' ? 'http' : '?'}`;
    const mark = n.mark === 'new' ? say(lang, 'mới so với phê duyệt', 'new since approval') : n.mark === 'gone' ? say(lang, 'không còn dùng', 'no longer used') : '';
    const cls = `endpoint ${EDGE_CLASS[n.registration]}${n.unused ? ' unused' : ''}${n.client ? ' client' : ''}${n.mark ? ` m-${n.mark}` : ''}`;
    out.push(
      `<g class="${cls}"><title>${esc(n.title)} [${esc(n.client ? say('both', 'client theo chính sách', 'policy client') : say('both', ...REG_TEXT[n.registration]))}${n.transport === 'http' ? ', http' : n.transport === 'tls' ? ', TLS' : ''}${mark ? `, ${esc(mark)}` : ''}]</title><rect class="ep" x="${EP.x}" y="${ry}" width="${EP.w}" height="${h}" rx="4"/>${text(EP.x + 8, ry + 14, fit(n.label, Math.floor((EP.w - 16) / CH)), 'ep-t')}${text(EP.x + 8, ry + 29, fit(status, Math.floor((EP.w - 16) / CH)), 'ep-s')}${mark ? text(EP.x + 8, ry + 43, fit(mark, Math.floor((EP.w - 16) / CH)), 'ep-m') : ''}</g>`,
    );
    ry += h + NODE_GAP;
  }
  const dbTop = TOP;
  const dbLines = lang === 'vi' ? ['CSDLQG', 'về dân cư'] : lang === 'en' ? ['National', 'Population', 'Database'] : ['CSDLQG', 'về dân cư', '', 'National', 'Population', 'Database'];
  // as tall as the endpoints it receives, and at least its own text
  const dbH = Math.max(ry - NODE_GAP - TOP, dbLines.length * 14 + 16, 60);
  const sinkY = new Map<string, number>();
  if (d.sinks.length) {
    ry += 8;
    out.push(text(EP.x, ry + 4, say(lang, 'Nhắn tin bên thứ ba', 'Third-party messaging'), 'col-t'));
    ry += 12;
    for (const s of d.sinks) {
      sinkY.set(s.key, ry + SINK_H / 2);
      out.push(`<g class="sink"><title>${esc(s.title)}</title><rect x="${EP.x}" y="${ry}" width="${EP.w}" height="${SINK_H}" rx="4"/>${text(EP.x + 8, ry + 19, fit(s.label, Math.floor((EP.w - 16) / CH)), 'sink-t')}</g>`);
      ry += SINK_H + NODE_GAP;
    }
  }
  const height = Math.max(leftBottom, ry - NODE_GAP, dbTop + dbH) + 14 + (d.omitted ? 18 : 0);

  // system → modules; sites → endpoints and sinks; endpoints → the population DB
  for (const hy of headerYs) edges.push(`<path class="e-sys" d="M${SYS.x + SYS.w},${hy} L${MOD.x},${hy}"/>`);
  for (const { row, y: sy } of rowAt) {
    const ty = epY.get(row.endpoint);
    const cls = row.mark === 'removed' ? 'e-removed' : EDGE_CLASS[row.registration];
    const marker = row.mark === 'removed' ? 'unknown' : cls.slice(2);
    if (ty !== undefined) edges.push(`<path class="${cls}" d="${curve(MOD.x + MOD.w, sy, EP.x - 2, ty)}" marker-end="url(#${id}-a-${marker})"/>`);
    for (const s of new Set(row.sinks)) {
      const t = sinkY.get(s);
      if (t !== undefined && row.mark !== 'removed') edges.push(`<path class="e-sink" d="${curve(MOD.x + MOD.w, sy, EP.x - 2, t)}" marker-end="url(#${id}-a-sink)"/>`);
    }
  }
  for (const n of d.endpoints) {
    const ey = epY.get(n.key)!;
    const ty = Math.min(Math.max(ey, dbTop + 12), dbTop + dbH - 12);
    edges.push(`<path class="${n.unused || n.mark === 'gone' ? 'e-unknown' : EDGE_CLASS[n.registration]}" d="${curve(EP.x + EP.w, ey, DB.x - 2, ty)}" marker-end="url(#${id}-a-${n.unused || n.mark === 'gone' ? 'unknown' : EDGE_CLASS[n.registration].slice(2)})"/>`);
  }

  const system = report.policy.system.name ?? say(lang, 'Hệ thống (chưa khai báo tên)', 'System (name not declared)');
  const sysH = Math.max(leftBottom - TOP, 60);
  const sysLines = wrap(system, Math.floor((SYS.w - 12) / CH), Math.max(1, Math.floor((sysH - 10) / 14)));
  const sysTextTop = TOP + sysH / 2 - (sysLines.length * 14) / 2 + 11;
  const dbTextTop = dbTop + dbH / 2 - (dbLines.length * 14) / 2 + 11;
  const columns = [
    text(SYS.x, 14, say(lang, 'Hệ thống', 'System'), 'col-t'),
    text(MOD.x, 14, say(lang, 'Nơi truy vấn, theo mô-đun', 'Query sites, by module'), 'col-t'),
    text(EP.x, 14, say(lang, 'Điểm cuối', 'Endpoints'), 'col-t'),
    text(WIDTH - 10, 14, lang === 'en' ? 'Population DB' : 'CSDLQG', 'col-t', 'end'),
  ].join('');
  const omitted = d.omitted ? text(MOD.x, height - 8, say(lang, `… và ${d.omitted} nơi truy vấn khác, xem bảng bên dưới`, `… and ${d.omitted} more query site(s), listed in the table below`), 'note-t') : '';
  return `<svg class="diagram" id="${id}" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${WIDTH} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg" font-size="${FONT}">
<title id="${id}-title">${esc(caption.title)}</title><desc id="${id}-desc">${esc(caption.desc)}</desc>
${arrowDefs(id)}${columns}
<g class="edges">${edges.join('')}</g>
<g class="system"><title>${esc(system)}</title><rect x="${SYS.x}" y="${TOP}" width="${SYS.w}" height="${sysH}" rx="6"/>${sysLines.map((l, i) => text(SYS.x + SYS.w / 2, sysTextTop + i * 14, l, 'sys-t', 'middle')).join('')}</g>
<g class="db"><title>${esc(say('both', 'CSDLQG về dân cư', 'National Population Database'))}</title><rect x="${DB.x}" y="${dbTop}" width="${DB.w}" height="${dbH}" rx="6"/>${dbLines.map((l, i) => text(DB.x + DB.w / 2, dbTextTop + i * 14, l, 'db-t', 'middle')).join('')}</g>
${out.join('\n')}${omitted}
</svg>`;
}

function legend(language: Language | undefined, diff: boolean): string {
  const items: [string, string, string][] = [
    ['sw e-ok', 'đã đăng ký', 'registered'],
    ['sw e-bad', 'chưa đăng ký', 'unregistered'],
    ['sw e-http', 'http không bảo mật', 'insecure http'],
    ['sw e-unknown', 'không xác định khi quét', 'not decidable statically'],
    ['sw e-sink', 'dữ liệu công dân đến dịch vụ nhắn tin', 'citizen data reaches messaging'],
  ];
  if (diff) items.push(['sw m-added', 'thêm mới', 'added'], ['sw m-removed', 'đã bỏ', 'removed'], ['sw m-changed', 'đổi ghi nhật ký', 'audit changed']);
  return `<ul class="legend">${items.map(([cls, vi, en]) => `<li><span class="${cls}"></span>${say(language, vi, en)}</li>`).join('')}</ul>`;
}

/** Counts for the diagram's `<desc>`: what a screen reader hears instead of the picture. */
function describe(language: Language | undefined, d: Diagram): string {
  const rows = d.modules.flatMap((m) => m.rows);
  const by = (r: Registration) => rows.filter((x) => x.registration === r).length;
  const http = d.endpoints.filter((n) => n.transport === 'http').length;
  return say(
    language,
    `${rows.length} nơi truy vấn trong ${d.modules.length} mô-đun; ${d.endpoints.length} điểm cuối; đăng ký ${by('registered')}, chưa đăng ký ${by('unregistered')}, không xác định ${by('unknown')}; ${http} điểm cuối http không mã hóa; ${d.sinks.length} dịch vụ nhắn tin nhận dữ liệu công dân.`,
    `${rows.length} query site(s) in ${d.modules.length} module(s); ${d.endpoints.length} endpoint(s); registered ${by('registered')}, unregistered ${by('unregistered')}, undecided ${by('unknown')}; ${http} plain-http endpoint(s); ${d.sinks.length} messaging sink(s) receive citizen data.`,
  );
}

/** The connection diagram of the inventory, for the inventory section. */
export function connectionDiagram(report: ScanReport): string {
  const entries = report.inventory?.entries ?? [];
  if (!entries.length) return '';
  const d = diagramOf(report, entries);
  const title = say(report.language, 'Sơ đồ kết nối', 'Connection diagram');
  return `<figure class="diagram-fig"><h3>${title}</h3>${drawDiagram(report, d, 'connection-diagram', { title: `${title}: ${report.policy.system.name ?? ''}`, desc: describe(report.language, d) })}${legend(report.language, false)}</figure>`;
}

/** The approval diff drawn as the connection diagram: current and removed sites, each marked. */
export function approvalDiffDiagram(report: ScanReport, diff: ApprovalDiff): string {
  const added = new Set(diff.added.map(siteKey));
  const changed = new Set((diff.changed ?? []).map((c) => siteKey(c.after)));
  const current = report.inventory?.entries ?? [...diff.added, ...(diff.changed ?? []).map((c) => c.after)];
  const live = new Set(current);
  const entries = [...current, ...diff.removed].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  if (!entries.length) return '';
  const markOf = (e: ConnectionInventoryEntry): SiteMark => (!live.has(e) ? 'removed' : added.has(siteKey(e)) ? 'added' : changed.has(siteKey(e)) ? 'changed' : 'same');
  const d = diagramOf(report, entries, markOf, new Set(diff.newEndpoints ?? []));
  const title = say(report.language, 'Sơ đồ thay đổi kể từ lần phê duyệt', 'Changes since the approval, drawn');
  const counts = say(report.language, `thêm ${diff.added.length}, bỏ ${diff.removed.length}, đổi ${diff.changed?.length ?? 0}`, `added ${diff.added.length}, removed ${diff.removed.length}, changed ${diff.changed?.length ?? 0}`);
  return `<figure class="diagram-fig"><h3>${title}</h3>${drawDiagram(report, d, 'approval-diagram', { title: `${title} (${counts})`, desc: describe(report.language, d) })}${legend(report.language, true)}</figure>`;
}

interface Coverage {
  label: [string, string];
  /** What is counted, for the bar's title. */
  means: [string, string];
  value?: { n: number; of: number };
  /** Why there is no value. */
  missing?: [string, string];
}

/** Findings of a rule whatever the report then hid: listed, suppressed in the code, accepted by a baseline. */
function everyFinding(report: ScanReport, ruleId: string): Finding[] {
  return [...report.findings, ...(report.suppressions ?? []).map((s) => s.finding), ...(report.baselineAccepted ?? [])].filter((f) => f.ruleId === ruleId);
}

/** A rule that ran on this scan (known, and not turned off by the policy). */
function ran(report: ScanReport, name: string): boolean {
  return report.rules.some((r) => r.name === name) && report.policy.rules?.[`${RULE_PREFIX}${name}`] !== 'off';
}

/** Is a finding on a site: on the site's line or a step of its chain, or its range holds the site (a route around its handler)? */
function onSite(f: Finding, e: ConnectionInventoryEntry): boolean {
  const holds = (file: string, line: number) => f.file === file && line >= f.line && line <= (f.endLine ?? f.line);
  return holds(e.file, e.line) || (e.chain ?? []).some((s) => holds(s.file, s.line));
}

/** A share of sites measured from a rule's findings; absent when the rule did not run. */
function byRule(report: ScanReport, name: string, sites: readonly ConnectionInventoryEntry[], severity?: Finding['severity']): Pick<Coverage, 'value' | 'missing'> {
  if (!ran(report, name)) return { missing: [`quy tắc ${RULE_PREFIX}${name} không chạy trong lần quét này`, `the rule ${RULE_PREFIX}${name} did not run in this scan`] };
  const found = everyFinding(report, `${RULE_PREFIX}${name}`).filter((f) => !severity || f.severity === severity);
  return { value: { n: sites.filter((e) => !found.some((f) => onSite(f, e))).length, of: sites.length } };
}

function coverageOf(report: ScanReport): Coverage[] {
  const entries = report.inventory?.entries ?? [];
  const audit = report.inventory?.totals?.auditCoverage ?? { audited: entries.filter((e) => e.entryPoint && e.audited).length, total: entries.filter((e) => e.entryPoint && e.audited !== undefined).length };
  const entryPoints = entries.filter((e) => e.entryPoint);
  return [
    { label: ['Ghi nhật ký', 'Audited'], means: ['điểm vào có nhật ký ghi lại truy vấn', 'entry points whose query an audit log records'], value: { n: audit.audited, of: audit.total } },
    { label: ['Có giới hạn', 'Bounded'], means: ['nơi truy vấn không nằm trong vòng lặp không giới hạn', 'query sites not inside an unbounded loop'], value: { n: entries.filter((e) => e.loop?.state !== 'unbounded').length, of: entries.length } },
    {
      label: ['Điểm cuối đã đăng ký', 'Registered endpoint'],
      means: ['nơi truy vấn đến điểm cuối đã đăng ký (client theo chính sách và điểm cuối chỉ biết khi chạy không được tính là đã đăng ký)', 'query sites whose endpoint is registered (policy client calls and endpoints known only at run time do not count as registered)'],
      value: { n: entries.filter((e) => registrationOf(e) === 'registered').length, of: entries.length },
    },
    { label: ['Gắn mục đích', 'Purpose-bound'], means: ['nơi truy vấn không có phát hiện popdb/require-registered-purpose', 'query sites without a popdb/require-registered-purpose finding'], ...byRule(report, 'require-registered-purpose', entries) },
    { label: ['Sau xác thực', 'Behind authentication'], means: ['điểm vào không có lỗi popdb/require-access-control', 'entry points without a popdb/require-access-control error'], ...byRule(report, 'require-access-control', entryPoints, 'error') },
  ];
}

const BAR = { x: 310, w: 320, count: 645, row: 26, width: 820 };

/** Coverage bars with the counts, for the inventory section. */
export function coverageBars(report: ScanReport): string {
  if (!report.inventory) return '';
  const lang = report.language;
  const rows = coverageOf(report);
  const bars = rows.map((c, i) => {
    const y = i * BAR.row + 6;
    const label = say(lang, ...c.label);
    if (!c.value) {
      return `<g class="bar none"><title>${esc(say('both', ...c.label))}: ${esc(say('both', 'chưa tính', 'not computed'))} (${esc(say('both', ...c.missing!))})</title>${text(0, y + 13, label, 'bar-l')}<rect class="track" x="${BAR.x}" y="${y + 2}" width="${BAR.w}" height="14" rx="3"/>${text(BAR.count, y + 13, say(lang, 'chưa tính', 'not computed'), 'bar-c')}</g>`;
    }
    const { n, of } = c.value;
    const share = of ? n / of : 1;
    const tone = !of ? 'empty' : share === 1 ? 'full' : share >= 0.5 ? 'part' : 'low';
    const pct = of ? `${Math.round(share * 100)}%` : '—';
    return `<g class="bar ${tone}"><title>${esc(say('both', ...c.label))}: ${n}/${of} (${pct}), ${esc(say('both', ...c.means))}</title>${text(0, y + 13, label, 'bar-l')}<rect class="track" x="${BAR.x}" y="${y + 2}" width="${BAR.w}" height="14" rx="3"/><rect class="fill" x="${BAR.x}" y="${y + 2}" width="${(BAR.w * (of ? share : 0)).toFixed(1)}" height="14" rx="3"/>${text(BAR.count, y + 13, `${n}/${of} (${pct})`, 'bar-c')}</g>`;
  });
  const title = say(lang, 'Mức bao phủ', 'Coverage');
  const height = rows.length * BAR.row + 8;
  const notes = rows.map((c) => `<li><strong>${say(lang, ...c.label)}</strong>: ${say(lang, ...c.means)}${c.missing ? ` — ${say(lang, ...c.missing)}` : ''}</li>`).join('');
  return `<figure class="coverage-fig"><h3>${title}</h3><svg class="coverage" id="coverage-bars" role="img" aria-labelledby="coverage-title" viewBox="0 0 ${BAR.width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg" font-size="12"><title id="coverage-title">${esc(title)}: ${esc(rows.map((c) => `${say('both', ...c.label)} ${c.value ? `${c.value.n}/${c.value.of}` : say('both', 'chưa tính', 'not computed')}`).join('; '))}</title>${bars.join('')}</svg><ul class="muted coverage-notes">${notes}</ul></figure>`;
}

/** Styles of the drawings, added to the report's stylesheet. Colours never carry meaning alone: dashes, labels and chips do too. */
export const DIAGRAM_STYLE = `
.diagram-fig,.coverage-fig{margin:1rem 0}
svg.diagram{display:block;border:1px solid var(--line);border-radius:4px;background:#fff}
svg.diagram text{font-family:ui-monospace,"DejaVu Sans Mono","SFMono-Regular",Menlo,Consolas,monospace}
svg .col-t{font-weight:700;fill:var(--muted)}svg .note-t{fill:var(--muted);font-style:italic}
svg .system rect{fill:#eef4ff;stroke:#0550ae;stroke-width:1.5}svg .sys-t{font-weight:700;fill:#0550ae}
svg .db rect{fill:#f3f0ff;stroke:#6639ba;stroke-width:1.5}svg .db-t{font-weight:700;fill:#6639ba}
svg .module>rect.mod{fill:#f6f8fa;stroke:var(--line)}svg .mod-t{font-weight:700}
svg .site rect.row{fill:#fff;stroke:none}svg .site.m-added rect.row{fill:#dafbe1}svg .site.m-removed rect.row{fill:#ffebe9}svg .site.m-changed rect.row{fill:#fff8c5}
svg .site.m-removed .site-t{text-decoration:line-through;fill:var(--muted)}
svg .site.e-ok rect.reg{fill:#1a7f37}svg .site.e-bad rect.reg{fill:#b00020}svg .site.e-http rect.reg{fill:#c2410c}svg .site.e-unknown rect.reg{fill:#6e7781}
svg .endpoint rect{fill:#fff;stroke-width:1.5}svg .endpoint.e-ok rect{stroke:#1a7f37}svg .endpoint.e-bad rect{stroke:#b00020;stroke-dasharray:6 3}svg .endpoint.e-http rect{stroke:#c2410c;stroke-dasharray:2 3}svg .endpoint.e-unknown rect{stroke:#6e7781;stroke-dasharray:1 3}
svg .endpoint.unused rect,svg .endpoint.m-gone rect{fill:#f6f8fa}svg .endpoint.m-new rect{fill:#fff8c5}svg .ep-t{font-weight:600}svg .ep-s{fill:var(--muted)}svg .ep-m{fill:#9a6700;font-weight:600}
svg .sink rect{fill:#ffebe9;stroke:#d1242f;stroke-width:1.5}svg .sink-t{fill:#82071e;font-weight:600}
svg .edges path{fill:none;stroke-width:1.4}svg .e-sys{stroke:#8c959f}
svg path.e-ok{stroke:#1a7f37}svg path.e-bad{stroke:#b00020;stroke-dasharray:6 3}svg path.e-http{stroke:#c2410c;stroke-dasharray:2 3}svg path.e-unknown,svg path.e-removed{stroke:#6e7781;stroke-dasharray:1 3}svg path.e-sink{stroke:#d1242f;stroke-width:2.2}
svg .chip rect{stroke-width:1}svg .chip.bad rect{fill:#ffebe9;stroke:#b00020}svg .chip.note rect{fill:#ddf4ff;stroke:#0969da}svg .chip.good rect{fill:#dafbe1;stroke:#1a7f37}svg .chip-t{font-size:9.5px}
svg.coverage{display:block;max-width:820px}svg.coverage text{font-family:inherit}svg .bar .track{fill:#f6f8fa;stroke:var(--line)}svg .bar.full .fill{fill:#1a7f37}svg .bar.part .fill{fill:#bf8700}svg .bar.low .fill{fill:#b00020}svg .bar-c{font-variant-numeric:tabular-nums}svg .bar.none .bar-c{fill:var(--muted);font-style:italic}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;font-size:.85rem}
.legend .sw{display:inline-block;width:2.2em;height:0;vertical-align:middle;margin-right:.4em;border-top:2px solid}
.legend .sw.e-ok{border-color:#1a7f37}.legend .sw.e-bad{border-top-style:dashed;border-color:#b00020}.legend .sw.e-http{border-top-style:dotted;border-color:#c2410c}.legend .sw.e-unknown{border-top-style:dotted;border-color:#6e7781}.legend .sw.e-sink{border-top-width:3px;border-color:#d1242f}
.legend .sw.m-added,.legend .sw.m-removed,.legend .sw.m-changed{height:.9em;border:1px solid var(--line)}.legend .sw.m-added{background:#dafbe1}.legend .sw.m-removed{background:#ffebe9}.legend .sw.m-changed{background:#fff8c5}
.coverage-notes{font-size:.85rem;margin:.2rem 0}
@media print{svg.diagram,svg.coverage{break-inside:avoid}figure{break-inside:avoid}}
`;
