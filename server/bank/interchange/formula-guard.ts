/**
 * Spreadsheet (CSV/formula) injection, as OWASP advises: a text cell that starts with = + - @,
 * a tab or a carriage return is written with a leading apostrophe, so that editing the cell in
 * Excel never turns it into a formula. The import strips exactly that apostrophe again, so an
 * export re-imports unchanged.
 */
// Apostrophes already in front are counted too, so that a text such as "'=x" survives the trip.
const FORMULA_START = /^'*[=+\-@\t\r]/;

export function guardFormula<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

export function unguardFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
