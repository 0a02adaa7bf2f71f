/** Escaping for the few HTML pages the API renders itself: every value goes through it. */
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';

  return String(value).replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}
