import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The backend's map of imports, read from the sources: which file imports which, folded to top-level folders
 * (domains and shared kernels). Used by architecture.spec.ts to hold the arrows the right way round.
 */
export const SRC = path.resolve(__dirname, '..');

export function sourceFiles(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [p] : [];
  });
}

/** The top-level folder of a file under src ('' for files at its root). */
export const folderOf = (file: string): string => {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length > 1 ? rel[0] : '';
};

/** Relative imports of one file (type-only ones too: an arrow is an arrow), resolved to files. */
export function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm)].map((m) => m[1]);
  return specs.map((s) => path.resolve(path.dirname(file), s)).map((p) => (fs.existsSync(`${p}.ts`) ? `${p}.ts` : path.join(p, 'index.ts')));
}

/** Folder → folders it imports. */
export function folderGraph(files = sourceFiles()): Map<string, Set<string>> {
  const g = new Map<string, Set<string>>();
  for (const f of files) {
    const from = folderOf(f);
    if (!from) continue;
    for (const target of importsOf(f)) {
      const to = folderOf(target);
      if (to && to !== from && path.relative(SRC, target).split(path.sep).length > 1) (g.get(from) ?? g.set(from, new Set()).get(from)!).add(to);
    }
  }
  return g;
}

/** Each cycle among folders, as the path that closes it (a → b → a). */
export function folderCycles(g: Map<string, Set<string>>): string[][] {
  const cycles: string[][] = [];
  const seen = new Set<string>();
  for (const a of g.keys()) {
    for (const b of g.get(a) ?? []) {
      if (a < b && g.get(b)?.has(a)) cycles.push([a, b, a]);
    }
  }
  // longer cycles: depth-first from each folder, reporting a cycle once by its smallest member
  const visit = (start: string, node: string, trail: string[]) => {
    for (const next of g.get(node) ?? []) {
      if (next === start && trail.length > 2) {
        const key = [...trail].sort().join(',');
        if (!seen.has(key) && trail.every((t) => t >= start)) {
          seen.add(key);
          cycles.push([...trail, start]);
        }
      } else if (!trail.includes(next) && trail.length < 6) visit(start, next, [...trail, next]);
    }
  };
  for (const a of g.keys()) visit(a, a, [a]);
  return cycles;
}
