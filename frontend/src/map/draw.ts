import type { Feature, LineString, Point, Polygon, Position } from 'geojson';
import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import { TerraDraw, TerraDrawLineStringMode, TerraDrawPointMode, TerraDrawPolygonMode } from 'terra-draw';
import type { GeoJSONStoreFeatures, HexColor } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';

/**
 * Drawing on the map: the one module every tool draws its shapes with (the works check, the route check, the
 * overlay editor). The pointer work is terra-draw's, through its MapLibre adapter: a click places a vertex, a
 * double-click (a click on the last vertex), a click on the first vertex of a polygon or Enter finishes the shape,
 * Escape cancels it. The tool hears of each vertex placed and gets the finished shape as GeoJSON; it keeps the
 * vertices in the app state and draws the finished shape with its own layers (`map/layers/sketch.ts`), so
 * terra-draw's layers live only while a shape is being drawn.
 */

export type DrawShape = 'point' | 'line' | 'polygon';
export type LonLat = [number, number];
export type DrawnGeometry = Point | LineString | Polygon;

/** A drawn shape as GeoJSON, once it has enough vertices (a polygon is closed here). */
export function sketchGeometry(shape: 'point', vertices: LonLat[]): Point | null;
export function sketchGeometry(shape: 'line', vertices: LonLat[]): LineString | null;
export function sketchGeometry(shape: 'polygon', vertices: LonLat[]): Polygon | null;
export function sketchGeometry(shape: 'line' | 'polygon', vertices: LonLat[]): LineString | Polygon | null;
export function sketchGeometry(shape: DrawShape, vertices: LonLat[]): DrawnGeometry | null;
export function sketchGeometry(shape: DrawShape, vertices: LonLat[]): DrawnGeometry | null {
  if (shape === 'point') return vertices.length ? { type: 'Point', coordinates: vertices[vertices.length - 1] } : null;
  if (shape === 'line') return vertices.length >= 2 ? { type: 'LineString', coordinates: vertices } : null;
  return vertices.length >= 3 ? { type: 'Polygon', coordinates: [[...vertices, vertices[0]]] } : null;
}

/** The drawn shape (role `sketch`) and its vertices (role `vertex`) as map features, for `sketchLayers`. */
export function sketchFeatures(shape: DrawShape, vertices: LonLat[]): Feature[] {
  const g = sketchGeometry(shape, vertices);
  return [
    ...(g && shape !== 'point' ? [{ type: 'Feature' as const, geometry: g, properties: { role: 'sketch' } }] : []),
    ...vertices.map((v) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: v }, properties: { role: 'vertex' } })),
  ];
}

const lonLat = (p: Position): LonLat => [p[0], p[1]];

/**
 * The vertices a user has placed on a shape terra-draw is drawing (pure). While drawing, terra-draw's line ends in
 * a 'live' vertex that follows the pointer, and its polygon ring holds the placed vertices, the live one and the
 * closing one; it counts the placed ones in `committedCoordinateCount`.
 */
export function placedVertices(feature: Pick<GeoJSONStoreFeatures, 'geometry' | 'properties'> | undefined): LonLat[] {
  if (!feature) return [];
  const g = feature.geometry;
  if (g.type === 'Point') return [lonLat(g.coordinates)];
  if (g.type === 'LineString') return g.coordinates.slice(0, -1).map(lonLat);
  const placed = Number(feature.properties.committedCoordinateCount ?? 0);
  return g.coordinates[0].slice(0, placed).map(lonLat);
}

/** The vertices of a shape terra-draw has finished (pure): a polygon's ring without its closing vertex. */
export function finishedVertices(g: DrawnGeometry): LonLat[] {
  if (g.type === 'Point') return [lonLat(g.coordinates)];
  if (g.type === 'LineString') return g.coordinates.map(lonLat);
  return g.coordinates[0].slice(0, -1).map(lonLat);
}

/** Prefix of terra-draw's sources and layers on the map. */
export const DRAW_PREFIX = 'cosite-draw';
const isDrawing = (id: string) => id.startsWith(`${DRAW_PREFIX}-`);

/**
 * For `setStyle(…, { diff: true, transformStyle })`: keeps terra-draw's sources and layers (on top) when the app
 * rebuilds its style, so a shape being drawn survives a change of language or of the layers shown (pure).
 */
export function keepDrawingLayers(previous: StyleSpecification | undefined, next: StyleSpecification): StyleSpecification {
  if (!previous) return next;
  const layers = previous.layers.filter((l) => isDrawing(l.id));
  const sources = Object.entries(previous.sources).filter(([id]) => isDrawing(id));
  if (!layers.length && !sources.length) return next;
  return { ...next, sources: { ...next.sources, ...Object.fromEntries(sources) }, layers: [...next.layers, ...layers] };
}

/** What a tool hears while it draws. */
export interface DrawHandlers {
  /** The vertices placed so far: after each click, and [] once Escape has cancelled the shape. */
  onChange(vertices: LonLat[]): void;
  /** The finished shape; drawing then stops until the tool asks for a new shape. */
  onFinish(geometry: DrawnGeometry, vertices: LonLat[]): void;
}

/** One tool's pen: the tool says what it wants drawn from its state, and hears back through its handlers. */
export interface Pen {
  /** Draw this shape now (a fresh one if nothing, or another shape, is being drawn), or stop drawing (null). */
  want(shape: DrawShape | null): void;
  /** Drops the shape being drawn: the next `want` starts a fresh one. */
  reset(): void;
  /** Finishes the shape being drawn with the vertices placed so far, when there are enough. */
  finish(): void;
}

interface Session {
  shape: DrawShape;
  draw: TerraDraw | null;
  vertices: LonLat[];
  ended: boolean;
}

const MODE_NAME = { point: 'point', line: 'linestring', polygon: 'polygon' } as const;
/** How near (pixels) a click must fall to a vertex to finish the shape there: a double-click, not a short segment. */
const CLOSING_DISTANCE_PX = 12;

function modeFor(shape: DrawShape, colour: HexColor) {
  const vertex = { coordinatePointColor: '#ffffff' as HexColor, coordinatePointOutlineColor: colour, coordinatePointWidth: 4, coordinatePointOutlineWidth: 2 };
  const closing = { closingPointColor: '#ffffff' as HexColor, closingPointOutlineColor: colour, closingPointWidth: 5, closingPointOutlineWidth: 2 };
  const common = { pointerDistance: CLOSING_DISTANCE_PX, showCoordinatePoints: true };
  if (shape === 'point') return new TerraDrawPointMode({ styles: { pointColor: '#ffffff', pointOutlineColor: colour, pointWidth: 5, pointOutlineWidth: 2 } });
  if (shape === 'line') return new TerraDrawLineStringMode({ ...common, styles: { lineStringColor: colour, lineStringWidth: 3, ...vertex, ...closing } });
  return new TerraDrawPolygonMode({
    ...common,
    styles: { fillColor: colour, fillOpacity: 0.15, outlineColor: colour, outlineWidth: 3, ...vertex, ...closing },
  });
}

const sameVertices = (a: LonLat[], b: LonLat[]) => a.length === b.length && a.every((v, i) => v[0] === b[i][0] && v[1] === b[i][1]);

/**
 * The map's drawing: at most one shape is drawn at a time, by whichever tool asked last. Create it right after the
 * map (it waits for the map's load before drawing).
 */
export class MapDrawing {
  private readonly ready: Promise<void>;
  private current: Session | null = null;

  constructor(private readonly map: MapLibreMap) {
    this.ready = new Promise((resolve) => (map.loaded() ? resolve() : map.once('load', () => resolve())));
  }

  /** A pen for one tool, drawing in its colour. */
  pen(colour: HexColor, handlers: DrawHandlers): Pen {
    let session: Session | null = null;
    const drop = () => {
      if (session) this.end(session);
      session = null;
    };
    return {
      want: (shape) => {
        if (session && !session.ended && session.shape === shape) return;
        drop();
        if (shape) session = this.begin(shape, colour, handlers);
      },
      reset: drop,
      finish: () => {
        if (!session || session.ended) return;
        const geometry = sketchGeometry(session.shape, session.vertices);
        if (!geometry) return;
        const vertices = session.vertices;
        drop();
        handlers.onFinish(geometry, vertices);
      },
    };
  }

  private begin(shape: DrawShape, colour: HexColor, handlers: DrawHandlers): Session {
    if (this.current) this.end(this.current);
    const s: Session = { shape, draw: null, vertices: [], ended: false };
    this.current = s;
    void this.ready.then(() => {
      if (s.ended) return;
      const draw = new TerraDraw({
        adapter: new TerraDrawMapLibreGLAdapter({ map: this.map, prefixId: DRAW_PREFIX, coordinatePrecision: 6 }),
        modes: [modeFor(shape, colour)],
      });
      s.draw = draw;
      draw.start();
      draw.setMode(MODE_NAME[shape]);
      // Report the vertices once terra-draw is done with a click or key (it updates a shape in several steps), and
      // not at all when that click finished the shape: its vertices then come with 'finish'.
      let finishing = false;
      let reporting = false;
      draw.on('change', () => {
        if (reporting) return;
        reporting = true;
        queueMicrotask(() => {
          reporting = false;
          if (s.ended || finishing) return;
          const vertices = placedVertices(draw.getSnapshot().find((f) => f.properties.currentlyDrawing));
          if (sameVertices(vertices, s.vertices)) return;
          s.vertices = vertices;
          handlers.onChange(vertices);
        });
      });
      draw.on('finish', (id, context) => {
        if (s.ended || context.action !== 'draw') return;
        const feature = draw.getSnapshotFeature(id);
        if (!feature) return;
        const vertices = finishedVertices(feature.geometry as DrawnGeometry);
        const geometry = sketchGeometry(shape, vertices);
        if (!geometry) return;
        finishing = true;
        // let terra-draw finish handling the click before it is stopped
        queueMicrotask(() => {
          if (s.ended) return;
          this.end(s);
          handlers.onFinish(geometry, vertices);
        });
      });
    });
    return s;
  }

  private end(s: Session): void {
    s.ended = true;
    if (this.current === s) this.current = null;
    s.draw?.stop();
    s.draw = null;
  }
}
