/**
 * Spreadsheet ("CSV") injection, after OWASP's guidance: a text cell a spreadsheet program
 * could read as a formula is marked as text. A cell is suspect when its first character is a
 * tab, CR or LF, or when its first visible character, after any white space or control
 * characters, is one of = + - @ | or their full-width forms (＝ ＋ － ＠ ｜), which some programs
 * also accept.
 */
const TRIGGERS = new Set(['=', '+', '-', '@', '|', '＝', '＋', '－', '＠', '｜']);
const LEADING_INVISIBLES = /^[\s\p{Cc}\p{Cf}]+/u;
/** Control characters no spreadsheet cell should carry (tab and line breaks stay). */
const STRAY_CONTROLS = /(?![\t\n\r])\p{Cc}/gu;

export function startsLikeFormula(value: string): boolean {
  if (/^[\t\r\n]/.test(value)) return true;
  const first = value.replace(LEADING_INVISIBLES, '').charAt(0);
  return TRIGGERS.has(first);
}

/** The text without NUL and other stray control characters (XML cannot hold them anyway). */
export function withoutStrayControls(value: string): string {
  return value.replace(STRAY_CONTROLS, '');
}

/** For CSV, which has no cell styles: a suspect cell gets a leading apostrophe. */
export function neutralizeForCsv(value: string): string {
  const clean = withoutStrayControls(value);
  return startsLikeFormula(value) || startsLikeFormula(clean) ? `'${clean}` : clean;
}
