import type { AppConfig } from '../config/config';
import { ApiError, ApiErrorCode } from './errors';

/**
 * What an upload may unpack to. The API checks what it can without unpacking (a zip's central directory, JSON
 * nesting, XML entity declarations); the worker enforces the rest while it streams, counting real bytes.
 */
export type UploadCaps = AppConfig['imports'];

/** The whole file is unusable (not JSON, wrong structure, too many rows): nothing is loaded. */
export class ImportFileError extends Error {}

/** The file goes over one of the upload caps; the message names the cap and its setting. */
export class UploadCapError extends ImportFileError {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${message} (${setting})`);
  }

  /** A cap on bytes or members is the payload being too large (413); the others are its shape (400). */
  get tooLarge(): boolean {
    return /BYTES|ENTRIES/.test(this.setting);
  }
}

/** An upload over a size cap as the API answers it, checked before anything is stored: 413 naming the cap. */
export function payloadTooLarge(e: unknown): ApiError | null {
  return e instanceof UploadCapError && e.tooLarge ? new ApiError(ApiErrorCode.PayloadTooLarge, e.message, [{ field: 'body', problem: e.message }]) : null;
}

const MB = 1024 * 1024;
export function bytes(n: number): string {
  return n >= MB ? `${Math.round((n / MB) * 10) / 10} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`;
}

/**
 * The deepest nesting of `[`/`{` outside strings, scanning once (no parse, no recursion): returns as soon as it
 * passes `max`, so a 400,000-deep document costs no more than its first `max + 1` levels.
 */
export function jsonDepthOver(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** The same for WKT's parentheses (WKT has no strings). */
export function parenDepthOver(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x28 && ++depth > max) return true;
    if (c === 0x29) depth--;
  }
  return false;
}

/** Throws the depth cap's error when a JSON text nests deeper than allowed. */
export function checkJsonDepth(text: string, caps: Pick<UploadCaps, 'maxDepth'>): void {
  if (jsonDepthOver(text, caps.maxDepth)) throw depthError(caps.maxDepth);
}

export function depthError(max: number): UploadCapError {
  return new UploadCapError('IMPORT_MAX_DEPTH', `nesting deeper than ${max} levels`);
}

/**
 * XML with a DOCTYPE or ENTITY declaration is refused outright: KML needs neither, and they are how entity
 * expansion ("billion laughs") and external entities (XXE) get in.
 */
export function checkXml(text: string, caps: Pick<UploadCaps, 'maxDepth'>): void {
  if (/<!(DOCTYPE|ENTITY)/i.test(text))
    throw new ImportFileError('a DOCTYPE or ENTITY declaration is not accepted in KML (entity expansion and external entities are refused)');
  if (xmlDepthOver(text, caps.maxDepth)) throw depthError(caps.maxDepth);
}

/** Element nesting by a single scan of the tags (comments, CDATA and processing instructions skipped). */
export function xmlDepthOver(text: string, max: number): boolean {
  let depth = 0;
  let i = text.indexOf('<');
  while (i >= 0 && i < text.length) {
    const next = text.charCodeAt(i + 1);
    if (text.startsWith('<!--', i)) i = skipTo(text, '-->', i);
    else if (text.startsWith('<![CDATA[', i)) i = skipTo(text, ']]>', i);
    else if (next === 0x3f || next === 0x21)
      i = skipTo(text, '>', i); // <? … ?>, <!…>
    else if (next === 0x2f) {
      depth--;
      i = skipTo(text, '>', i);
    } else {
      // an opening tag: find its end outside quoted attribute values
      let j = i + 1;
      let quote = 0;
      for (; j < text.length; j++) {
        const c = text.charCodeAt(j);
        if (quote) {
          if (c === quote) quote = 0;
        } else if (c === 0x22 || c === 0x27) quote = c;
        else if (c === 0x3e) break;
      }
      if (text.charCodeAt(j - 1) !== 0x2f && ++depth > max) return true;
      i = j + 1;
    }
    i = text.indexOf('<', i);
  }
  return false;
}

function skipTo(text: string, end: string, from: number): number {
  const k = text.indexOf(end, from + 1);
  return k < 0 ? text.length : k + end.length;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text cannot be stored by PostgreSQL (a null byte, a lone UTF-16 surrogate), or null when it can. */
export function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a null character (U+0000), which cannot be stored';
  if (LONE_SURROGATE.test(s)) return 'contains a lone surrogate (not valid Unicode text)';
  return null;
}

/**
 * A message (a reject's field or problem, a batch's error) PostgreSQL can store: it may quote the user's text, so a
 * null character is written as `\0` and a lone surrogate as U+FFFD.
 */
export function storable(s: string): string {
  // eslint-disable-next-line no-control-regex -- the null character is what is replaced
  return s.replace(/\u0000/g, '\\0').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}

/** JSON for a jsonb column, every string in it storable. */
export function storableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'string' ? storable(v) : v));
}

/** The first unstorable string in a value (properties, nested arrays), by its path under `prefix`. */
export function firstTextProblem(value: unknown, prefix: string, depth = 0): { field: string; problem: string } | null {
  if (typeof value === 'string') {
    const p = textProblem(value);
    return p ? { field: prefix, problem: p } : null;
  }
  if (value === null || typeof value !== 'object' || depth > 16) return null;
  for (const [k, v] of Object.entries(value)) {
    const p = textProblem(k);
    if (p) return { field: `${prefix}.${k}`, problem: `its name ${p}` };
    const inner = firstTextProblem(v, Array.isArray(value) ? `${prefix}[${k}]` : `${prefix}.${k}`, depth + 1);
    if (inner) return inner;
  }
  return null;
}

/**
 * The positions in a GeoJSON geometry (iterative, so no nesting can overflow the stack); stops counting past `max`.
 * A position is an array whose first element is a number.
 */
export function countPositions(geometry: unknown, max: number): number {
  let n = 0;
  const stack: unknown[] = [geometry];
  while (stack.length) {
    const g = stack.pop();
    if (Array.isArray(g)) {
      if (typeof g[0] === 'number') {
        if (++n > max) return n;
      } else for (const x of g) stack.push(x);
    } else if (g && typeof g === 'object') {
      const o = g as { coordinates?: unknown; geometries?: unknown };
      if (o.coordinates !== undefined) stack.push(o.coordinates);
      if (o.geometries !== undefined) stack.push(o.geometries);
    }
  }
  return n;
}

/** Counts vertices across a file, failing the file once a feature or the whole passes its cap. */
export class VertexBudget {
  private total = 0;
  constructor(private readonly caps: Pick<UploadCaps, 'maxVertices' | 'maxFeatureVertices'>) {}

  add(geometry: unknown, line: number): void {
    const n = countPositions(geometry, this.caps.maxFeatureVertices);
    if (n > this.caps.maxFeatureVertices)
      throw new UploadCapError('IMPORT_MAX_FEATURE_VERTICES', `feature ${line} has more than ${this.caps.maxFeatureVertices.toLocaleString('en')} vertices`);
    this.total += n;
    if (this.total > this.caps.maxVertices)
      throw new UploadCapError('IMPORT_MAX_VERTICES', `the file has more than ${this.caps.maxVertices.toLocaleString('en')} vertices in all`);
  }
}

export function rowsError(n: number | string, max: number): UploadCapError {
  return new UploadCapError('IMPORT_MAX_ROWS', `the file has ${n} rows; at most ${max.toLocaleString('en')} are accepted in one import`);
}
