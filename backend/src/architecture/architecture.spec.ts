import * as fs from 'node:fs';
import * as path from 'node:path';
import { folderCycles, folderGraph, folderOf, SRC, sourceFiles } from './imports';

/**
 * The arrows of the code, held by test: shared kernels (common, config, database, radio) import no domain; no two
 * domains import each other, directly or round a loop; and SQL runs only from repositories.
 */
const KERNELS = ['common', 'config', 'database', 'radio', 'architecture'];

describe('architecture', () => {
  const graph = folderGraph();

  it('shared kernels import no domain', () => {
    const wrong = KERNELS.flatMap((k) => [...(graph.get(k) ?? [])].filter((to) => !KERNELS.includes(to)).map((to) => `${k} → ${to}`));
    expect(wrong).toEqual([]);
  });

  it('has no import cycle between folders', () => {
    expect(folderCycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('runs SQL only from repositories (and the database set-up)', () => {
    const outside = sourceFiles()
      .filter((f) => !f.endsWith('.repository.ts') && folderOf(f) !== 'database')
      .filter((f) => /\.query\(/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(SRC, f));
    expect(outside).toEqual([]);
  });
});
