import type { Language } from '../language';

/** Shared by the HTML report and its drawings (html.ts, html-diagram.ts). */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML (and inline SVG) element content and quoted attribute values. */
export function esc(value: string | number | undefined): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * A short text of the report (a heading, a label) in the report's language:
 * `vi`, `en`, or both as `vi · en` (the report's bilingual style). Not
 * escaped: the texts are the report's own.
 */
export function say(language: Language | undefined, vi: string, en: string): string {
  return language === 'vi' ? vi : language === 'en' ? en : `${vi} · ${en}`;
}
