/** Calls to Cosite's own API (same origin). */
export async function getJson<T>(path: string): Promise<T> {
  const r = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.json() as Promise<T>;
}

export interface Feature<P = Record<string, unknown>> {
  id: number;
  type: 'Feature';
  geometry: { type: string; coordinates: unknown };
  properties: P;
}
