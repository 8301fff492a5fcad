/**
 * What a linted file's findings depended on, for `--cache` (see
 * docs/architecture.md, "A cache that knows what a file read").
 *
 * While a host records, every access to another file's content (`f:<path>`,
 * the model's `fileIndex`) and every project-wide token search (`t:<token>`,
 * `filesContaining`) is noted in the innermost open frame. A file's lint is
 * the outermost frame. Every cache of derived facts (the model's memo, the
 * call edges and the reverse call graph, the evaluator's tables, the project
 * configuration) computes inside a frame of its own and keeps the frame's
 * dependencies with the value; a later hit replays them into whoever asks,
 * so a file that reuses a fact computed while another file was linted still
 * depends on every file the fact was derived from.
 *
 * A fact computed while a fact it recursed into was still being computed
 * (the model's cycle guard) depends on that outer fact too, whose
 * dependencies are not known yet: such frames inherit the outer frame's
 * dependencies when it completes (the sets are shared by reference, so the
 * stored copies are completed too), and a hit on one of them before then
 * makes the asker inherit as well.
 */
export type Dependencies = Set<string>;

interface Frame {
  deps: Dependencies;
  /** Sets that must receive this frame's dependencies when it completes. */
  inheritors: Dependencies[];
  active: boolean;
  /** Identity of the fact being computed (memo namespace and key), to find it on a cycle. */
  id?: string;
  /** Active frames this one waits on (a cycle back into them). */
  waitsOn: Frame[];
}

/** A cached value's dependencies, and the frames still computing that they wait on. */
export interface Recorded {
  deps: Dependencies;
  pending: Frame[];
}

export class DependencyRecorder {
  private readonly stack: Frame[] = [];
  private always = false;

  /** Is a frame open (a host is recording a file's lint), or is recording always on? Off: every method is a no-op. */
  get active(): boolean {
    return this.always || this.stack.length > 0;
  }

  /**
   * Record every cached fact's dependencies, with or without a file's frame
   * open: the language server, which drops only the facts an edit touches
   * (`ProjectModel`, "per-fact invalidation"). The CLI leaves it off (it
   * records only with `--cache`, per file).
   */
  recordAlways(on: boolean): void {
    this.always = on;
  }

  get alwaysOn(): boolean {
    return this.always;
  }

  /** Note one dependency in the innermost frame. */
  note(dep: string): void {
    this.stack.at(-1)?.deps.add(dep);
  }

  /** Start a file's lint: the outermost frame (any open one is closed). */
  beginFile(): void {
    this.stack.length = 0;
    this.stack.push(newFrame());
  }

  /** End the file's lint: what it depended on. */
  endFile(): Dependencies {
    const file = this.stack[0];
    this.stack.length = 0;
    return file?.deps ?? new Set();
  }

  /** Compute a fact in a frame of its own; its dependencies also flow into the frame that asked. */
  capture<T>(compute: () => T, id?: string): { value: T; recorded: Recorded | undefined } {
    if (!this.active) return { value: compute(), recorded: undefined };
    const frame = newFrame(id);
    this.stack.push(frame);
    try {
      const value = compute();
      return { value, recorded: { deps: frame.deps, pending: frame.waitsOn.filter((f) => f.active) } };
    } finally {
      this.stack.pop();
      frame.active = false;
      for (const set of frame.inheritors) for (const d of frame.deps) set.add(d);
      const parent = this.stack.at(-1);
      if (parent) {
        for (const d of frame.deps) parent.deps.add(d);
        for (const w of frame.waitsOn) if (w.active) this.waitFor(w);
      }
    }
  }

  /** A cache hit: the asker depends on what the cached value depended on. */
  replay(recorded: Recorded | undefined): void {
    const top = this.stack.at(-1);
    if (!top || !recorded) return;
    for (const d of recorded.deps) top.deps.add(d);
    for (const w of recorded.pending) if (w.active) this.waitFor(w);
  }

  /** A cycle: the fact `id` is being computed further down; everything above it waits for its dependencies. */
  cycle(id: string): void {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      if (this.stack[i].id === id) return this.waitFor(this.stack[i]);
    }
  }

  private waitFor(target: Frame): void {
    const at = this.stack.indexOf(target);
    if (at < 0) return;
    for (let i = at + 1; i < this.stack.length; i++) {
      const frame = this.stack[i];
      if (frame.waitsOn.includes(target)) continue;
      frame.waitsOn.push(target);
      target.inheritors.push(frame.deps);
    }
  }
}

function newFrame(id?: string): Frame {
  return { deps: new Set(), inheritors: [], active: true, id, waitsOn: [] };
}

/** The one recorder of the process: the project model, the evaluator and the project configuration note into it. */
export const dependencyRecorder = new DependencyRecorder();
