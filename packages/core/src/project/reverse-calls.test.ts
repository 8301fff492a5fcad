import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { vi } from 'vitest';
import { ProjectFiles, ProjectModel, dependencyRecorder, resolvePolicy, type FileIndex } from '@popdb-guard/core';

// `callersOf` keeps the callers it found in every file but the linted buffer
// across keystrokes in the buffer, and looks the buffer's own calls up each
// time. These tests edit a small project the way the language server does
// (an overlay, then a lint of the buffer) and compare every answer with a
// model built from scratch over the same text: same callers, same order.

const SOURCES: Record<string, string> = {
  'src/tra-cuu.ts': [
    "import axios from 'axios';",
    'export async function traCuuCongDan(soDinhDanh: string) {',
    "  return axios.post('https://lgsp.hue.gov.vn/dancu', { soDinhDanh });",
    '}',
    'export async function traCuuHo(maHo: string) {',
    '  return traCuuCongDan(maHo);',
    '}',
    '',
  ].join('\n'),
  // a default export: its callers import it under any name, so the module's file name is the clue
  'src/ho-khau.ts': "import axios from 'axios';\nexport default async function (maHo: string) {\n  return axios.get('https://lgsp.hue.gov.vn/hokhau/' + maHo);\n}\n",
  'src/a.ts': "import { traCuuCongDan } from './tra-cuu';\nexport async function a1(id: string) {\n  return traCuuCongDan(id);\n}\n",
  'src/b.ts': "import { traCuuCongDan, traCuuHo } from './tra-cuu';\nimport layHo from './ho-khau';\nexport async function b1(id: string) {\n  await traCuuHo(id);\n  await layHo(id);\n  return traCuuCongDan(id);\n}\n",
  'src/c.ts': "import hoKhau from './ho-khau';\nexport async function c1(id: string) {\n  return hoKhau(id);\n}\n",
  'src/d.ts': 'export function d1(n: number) {\n  return n + 1;\n}\n',
};

function project(): { root: string; abs: (rel: string) => string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-reverse-calls-'));
  fs.mkdirSync(path.join(root, 'src'));
  for (const [rel, text] of Object.entries(SOURCES)) fs.writeFileSync(path.join(root, rel), text);
  return { root, abs: (rel) => path.join(root, rel) };
}

type Overlays = Map<string, string>;

function modelOver(root: string, overlays: Overlays): { model: ProjectModel; files: ProjectFiles } {
  const files = new ProjectFiles();
  for (const [abs, text] of overlays) files.setOverlay(abs, text);
  return { model: new ProjectModel(root, resolvePolicy({}, { rootDir: root }), files), files };
}

/** Every function of every file, with its callers as `file:offset:caller`, in the order `callersOf` gives them. */
function allCallers(model: ProjectModel, root: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const rel of Object.keys(SOURCES)) {
    const index = model.fileIndex(path.join(root, rel)) as FileIndex;
    for (const fn of index.functions) {
      out[fn.key.slice(root.length + 1)] = model.callersOf(fn).map((c) => `${path.relative(root, c.file.fileName)}:${c.call.getStart(c.file.sourceFile)}:${c.caller?.name ?? ''}`);
    }
  }
  return out;
}

/** The answers of a model built from scratch over the same text, with the same buffer linted last. */
function fresh(root: string, overlays: Overlays, buffer: string): Record<string, string[]> {
  const { model } = modelOver(root, overlays);
  model.fileIndex(buffer, overlays.get(buffer) ?? fs.readFileSync(buffer, 'utf8'));
  return allCallers(model, root);
}

function edits(recording: boolean): void {
  const { root, abs } = project();
  const overlays: Overlays = new Map();
  const { model, files } = modelOver(root, overlays);
  const lint = (rel: string, text: string): void => {
    overlays.set(abs(rel), text);
    files.setOverlay(abs(rel), text);
    model.fileIndex(abs(rel), text);
  };
  const check = (buffer: string): void => expect(allCallers(model, root)).toEqual(fresh(root, overlays, abs(buffer)));
  const was = dependencyRecorder.alwaysOn;
  dependencyRecorder.recordAlways(recording);
  try {
    // open b.ts: the buffer
    model.fileIndex(abs('src/b.ts'), SOURCES['src/b.ts']);
    check('src/b.ts');
    // a keystroke in b.ts: a second call of traCuuCongDan, before the others (the buffer's callers come first, in source order)
    lint('src/b.ts', SOURCES['src/b.ts'].replace('await traCuuHo(id);', 'await traCuuCongDan(id + "1");\n  await traCuuHo(id);'));
    check('src/b.ts');
    // b.ts stops calling the default export, then calls it again
    lint('src/b.ts', overlays.get(abs('src/b.ts'))!.replace('await layHo(id);\n', ''));
    check('src/b.ts');
    lint('src/b.ts', overlays.get(abs('src/b.ts'))!.replace('return traCuuCongDan(id);', 'return layHo(id);'));
    check('src/b.ts');
    // d.ts, the buffer now, names nothing of the others, then starts calling traCuuHo (its name enters the buffer's text)
    model.fileIndex(abs('src/d.ts'), SOURCES['src/d.ts']);
    check('src/d.ts');
    lint('src/d.ts', "import { traCuuHo } from './tra-cuu';\nexport function d1(n: number) {\n  return traCuuHo(String(n));\n}\n");
    check('src/d.ts');
    // an edit in the file that holds the functions: a body change, then a new surface (a renamed export)
    lint('src/tra-cuu.ts', SOURCES['src/tra-cuu.ts'].replace('return traCuuCongDan(maHo);', 'const x = maHo.trim();\n  return traCuuCongDan(x);'));
    check('src/tra-cuu.ts');
    lint('src/tra-cuu.ts', overlays.get(abs('src/tra-cuu.ts'))!.replace('export async function traCuuHo', 'export async function traCuuHoGiaDinh'));
    check('src/tra-cuu.ts');
    // a file that is not the buffer changes on disk (a save elsewhere, a git checkout)
    fs.writeFileSync(abs('src/c.ts'), "import hoKhau from './ho-khau';\nimport { traCuuCongDan } from './tra-cuu';\nexport async function c1(id: string) {\n  await traCuuCongDan(id);\n  return hoKhau(id);\n}\n");
    files.changed(abs('src/c.ts'));
    check('src/tra-cuu.ts');
    // back to b.ts, still open with its unsaved text
    model.fileIndex(abs('src/b.ts'), overlays.get(abs('src/b.ts'))!);
    check('src/b.ts');
  } finally {
    dependencyRecorder.recordAlways(was);
  }
}

describe('callersOf across edits of the buffer', () => {
  it('gives the callers and the order of a model built from scratch, after every edit', () => edits(false));

  it('does so too while every fact records what it read (the language server)', () => edits(true));

  it('reads no other file again after a keystroke in the buffer', () => {
    const { root, abs } = project();
    const { model, files } = modelOver(root, new Map());
    const buffer = abs('src/b.ts');
    model.fileIndex(buffer, SOURCES['src/b.ts']);
    const target = model.fileIndex(abs('src/tra-cuu.ts'))!.functions.find((f) => f.name === 'traCuuCongDan')!;
    expect(model.callersOf(target).map((c) => c.caller?.name)).toEqual(['traCuuHo', 'b1', 'a1']);
    const text = SOURCES['src/b.ts'].replace('return traCuuCongDan(id);', 'return traCuuCongDan(id.trim());');
    files.setOverlay(buffer, text);
    model.fileIndex(buffer, text);
    const read = vi.spyOn(model, 'fileIndex');
    try {
      expect(model.callersOf(target).map((c) => c.caller?.name)).toEqual(['traCuuHo', 'b1', 'a1']);
      // the buffer, and the modules it imports (its new calls are resolved); a.ts, a candidate, is not verified again
      expect(new Set(read.mock.calls.map((c) => path.relative(root, c[0])))).toEqual(new Set(['src/b.ts', 'src/tra-cuu.ts', 'src/ho-khau.ts']));
    } finally {
      read.mockRestore();
    }
  });
});
