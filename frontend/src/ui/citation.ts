import { type Lang, TERMS } from '../i18n';

/**
 * A regulation rule's citation in the user's language. The rules are data written in English, most with their
 * Chinese title in brackets; in Chinese the catalogue's words (messages/forms.ts), else that bracketed title, and
 * "art. 21" as 第21条. In English, the rule's own words.
 */
export function citation(lang: Lang, regulation: string, article?: string | null): string {
  if (lang === 'en') return article ? `${regulation}, ${article}` : regulation;
  const known = TERMS.zh[regulation];
  const bracketed = /[(（]([^()（）]*[\u4e00-\u9fff][^()（）]*)[)）]\s*$/.exec(regulation)?.[1];
  const title = known ?? (bracketed ? `《${bracketed}》` : regulation);
  return article ? `${title} ${articleZh(article)}` : title;
}

/** An article in Chinese: the catalogue's words, or "art. 21 …" as 第21条 (its English gloss left out). */
function articleZh(article: string): string {
  if (TERMS.zh[article]) return TERMS.zh[article];
  const n = /^art\. (\d+)/.exec(article)?.[1];
  return n ? `第${n}条` : article;
}

/** A condition's source as the analysis gives it ("regulation, article") in the user's language. */
export function sourceCitation(lang: Lang, source: string): string {
  const at = source.indexOf(', ');
  return at < 0 ? citation(lang, source) : citation(lang, source.slice(0, at), source.slice(at + 2));
}
