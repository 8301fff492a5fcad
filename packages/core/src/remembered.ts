/**
 * The answer `table` holds for `key`, else `compute(key, context)`'s, kept in it; a table that
 * already holds `bound` answers starts again first. For the small questions every rule asks of
 * every file again and again (a path's form, a name's words, a URL's verdict): the table is
 * bounded so that a long-running host (the language server) never grows it without end.
 * `compute` is given the key and a context rather than closing over them, so that a hit
 * allocates nothing. An answer of `undefined` is not kept.
 */
export function remembered<K, V, C>(table: Map<K, V>, bound: number, key: K, context: C, compute: (key: K, context: C) => V): V {
  let answer = table.get(key);
  if (answer === undefined) {
    if (table.size >= bound) table.clear();
    table.set(key, (answer = compute(key, context)));
  }
  return answer;
}

/** The inner table of a two-level `remembered` (answers per root, per policy): made when first asked for. */
export function rememberedTable<K, K2, V>(tables: Map<K, Map<K2, V>>, bound: number, key: K): Map<K2, V> {
  return remembered(tables, bound, key, undefined, newTable as () => Map<K2, V>);
}

const newTable = () => new Map();
