import type { ErrorCode, FieldProblem } from '@cosite/contracts';
import { type Lang, type MessageKey, t, term } from '../i18n';

/**
 * A failed call's problems in the user's language: every API error code has a message in both catalogues, and a
 * field problem is worded from its kind and bound (the API's `problem` text stays English, for API users).
 */

/** What a failed call becomes in a form: a field problem, with the code of the failure (or the network's). */
export type FormProblem = FieldProblem & { code?: ErrorCode | 'network_failure' };

/** The fields of requests that no input stands for, with a label of their own (a pin, a drawn shape…). */
const FIELD_LABELS = ['location', 'geometry', 'area', 'version', 'comment', 'h3'] as const;

const fill = (text: string, params: Record<string, string | number | undefined>) =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (params[k] === undefined ? m : String(params[k])));

/** The message for a problem's kind, with its bound or choices filled in; null when it has no kind. */
function kindMessage(lang: Lang, p: FieldProblem): string | null {
  const q = p.params ?? {};
  const origin = q.origin ?? 'number';
  const key = ((): MessageKey | null => {
    switch (p.kind) {
      case 'required':
        return 'fieldRequired';
      case 'not_a_number':
        return 'fieldNotANumber';
      case 'not_integer':
        return 'fieldNotInteger';
      case 'wrong_type':
        return 'fieldWrongType';
      case 'too_small':
        return origin === 'string'
          ? 'fieldTooShort'
          : origin === 'array' || origin === 'set'
            ? 'fieldTooFewItems'
            : q.inclusive === false
              ? 'fieldTooSmallExclusive'
              : 'fieldTooSmall';
      case 'too_big':
        return origin === 'string'
          ? 'fieldTooLong'
          : origin === 'array' || origin === 'set'
            ? 'fieldTooManyItems'
            : q.inclusive === false
              ? 'fieldTooBigExclusive'
              : 'fieldTooBig';
      case 'not_one_of':
        return 'fieldNotOneOf';
      case 'invalid_format':
        return /date/.test(p.problem) || q.format === 'date' ? 'fieldBadDate' : 'fieldBadFormat';
      case 'unknown_field':
        return 'fieldUnknown';
      case 'invalid_geometry':
        return 'fieldBadGeometry';
      case 'invalid_position':
        return 'fieldBadPosition';
      case 'invalid':
        return null;
      default:
        return null;
    }
  })();
  if (!key) return null;
  const values = q.values?.map((v) => term(lang, v)).join(lang === 'zh' ? '、' : ', ');
  return fill(t(lang, key), { min: q.min, max: q.max, values });
}

/** The message of one problem, without its field's label (shown at the field, or after the label). */
export function problemMessage(lang: Lang, p: FormProblem): string {
  // the panel's own problem (no pin yet…) is in the user's words already; every API problem has a code
  if (!p.code) return p.problem;
  // a domain outcome (structure_full, operator_mismatch, …) or a refusal that is about no field (403, 409, 5xx)
  if (p.code && p.code !== 'validation_failed') return t(lang, `err_${p.code}`);
  const byKind = kindMessage(lang, p);
  if (byKind) return byKind;
  if (p.field === 'request' || p.field === 'body') return t(lang, 'err_validation_failed');
  // a service's own check of a field: its words in English, a general message in Chinese (never English text)
  return lang === 'en' && p.problem ? p.problem : t(lang, 'fieldInvalid');
}

/** The label of a request field that has no input (the pin, a drawn shape), or null. */
export function fieldLabel(lang: Lang, field: string): string | null {
  const head = field.split(/[.[]/)[0];
  return (FIELD_LABELS as readonly string[]).includes(head) ? t(lang, `fieldLabel_${head as (typeof FIELD_LABELS)[number]}`) : null;
}

/** The names an input may carry for a field of the request: `properties.name` → name, `demand.slots[0]` → slots. */
export function inputNamesFor(field: string): string[] {
  const parts = field
    .replace(/\[\d+\]/g, '')
    .split('.')
    .filter(Boolean);
  const names = parts.map((_, i) => parts.slice(i).join('.'));
  if (parts.length > 1) names.push(parts[0]);
  // the works check's activities are ticked one box each
  if (parts.at(-1) === 'activities') names.push('activity');
  return [...new Set(names)];
}

/** A call that threw (the network, or a reply that is not JSON): one problem of the request. */
export const thrownProblems = (e: unknown): FormProblem[] => [{ field: 'request', problem: String(e), code: 'network_failure' }];
