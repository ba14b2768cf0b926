import { type Bench, percentile, table, timeMany } from './harness';

/** Listing structures in a bbox: through the API, and the same SQL straight in PostgreSQL (the floor). */
export const inventoryListBench: Bench = {
  name: 'inventory list by bbox',
  async run(ctx) {
    // Boxes around the core business districts, from a few hundred metres to a few kilometres across.
    const boxes = [
      [106.57, 29.552, 106.584, 29.563], // Jiefangbei
      [106.524, 29.569, 106.538, 29.581], // Guanyinqiao
      [106.449, 29.552, 106.463, 29.564], // Sanxia Square
      [106.5, 29.53, 106.6, 29.6], // the whole core
    ];
    const rows: (string | number)[][] = [];
    for (const b of boxes) {
      const qs = `bbox=${b.join(',')}&limit=1000`;
      let count = 0;
      const http = await timeMany(40, async () => {
        const r = await fetch(`${ctx.baseUrl}/api/v1/structures?${qs}`);
        const j = (await r.json()) as { numberReturned: number };
        count = j.numberReturned;
      });
      const sql = await timeMany(40, () =>
        ctx.query(`SELECT count(*) FROM (SELECT id FROM structure WHERE ST_Intersects(geom, ST_MakeEnvelope($1,$2,$3,$4,4326)) ORDER BY id LIMIT 1000) x`, b),
      );
      rows.push([b.join(','), count, percentile(http, 50), percentile(http, 95), percentile(sql, 50), percentile(sql, 95)]);
    }
    return table(
      'GET /api/v1/structures?bbox (40 requests per box, limit 1000)',
      ['bbox', 'features', 'API p50 ms', 'API p95 ms', 'SQL p50 ms', 'SQL p95 ms'],
      rows,
    );
  },
};
