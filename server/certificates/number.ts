import { z } from 'zod';
import type { Level } from '../standards/schemas';

/**
 * 职业技能等级证书编号 (22 characters) and the old 职业资格证书 number (16 digits). Pure.
 *
 * 22: pos 1 `S` (social evaluation organisation) or `Y` (employer); 2–5 organisation code
 * 0001–9999; 6–7 province code; 8–13 site serial; 14–15 year `YY`; 16 level 1–5; 17–22 serial
 * from 000001.
 * 16: YY, province, city (2), organisation type (1), organisation serial (3), level, 5-digit
 * yearly serial.
 */

/** Province-level codes of GB/T 2260 (the first two digits of a division code). */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/** The issuing organisation's part of a number (positions 1–13). */
export const OrganisationNumberingSchema = z.object({
  kind: z.enum(['S', 'Y']),
  code: z.string().regex(/^\d{4}$/).refine((c) => c !== '0000', 'organisation codes run from 0001'),
  province: z.string().regex(/^\d{2}$/).refine((p) => PROVINCE_CODES.has(p), 'not a province code (GB/T 2260)'),
  siteSerial: z.string().regex(/^\d{6}$/),
});
export type OrganisationNumbering = z.infer<typeof OrganisationNumberingSchema>;

export const SERIAL_MAX = 999_999;

/** Positions 1–16: one counter per prefix, so per organisation, year and level. */
export function numberPrefix(org: OrganisationNumbering, year: number, level: Level): string {
  return `${org.kind}${org.code}${org.province}${org.siteSerial}${String(year % 100).padStart(2, '0')}${level}`;
}

export function formatCertificateNumber(prefix: string, serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > SERIAL_MAX) throw new RangeError(`serial ${serial} is outside 1–${SERIAL_MAX}`);
  return `${prefix}${String(serial).padStart(6, '0')}`;
}

export interface ParsedNumber22 {
  format: '22';
  kind: 'S' | 'Y';
  organisationCode: string;
  province: string;
  siteSerial: string;
  year: string;
  level: Level;
  serial: number;
}

export interface ParsedNumber16 {
  format: '16';
  year: string;
  province: string;
  city: string;
  organisationType: string;
  organisationSerial: string;
  level: Level;
  serial: number;
}

const PATTERN_22 = /^([SY])(\d{4})(\d{2})(\d{6})(\d{2})([1-5])(\d{6})$/;
const PATTERN_16 = /^(\d{2})(\d{2})(\d{2})(\d)(\d{3})([1-5])(\d{5})$/;

export function parseCertificateNumber(value: string): ParsedNumber22 | ParsedNumber16 | undefined {
  const text = value.trim().toUpperCase();
  const m22 = PATTERN_22.exec(text);
  if (m22) {
    const [, kind, code, province, site, year, level, serial] = m22 as unknown as [string, 'S' | 'Y', string, string, string, string, string, string];
    if (code === '0000' || !PROVINCE_CODES.has(province) || Number(serial) === 0) return undefined;
    return { format: '22', kind, organisationCode: code, province, siteSerial: site, year, level: Number(level) as Level, serial: Number(serial) };
  }
  const m16 = PATTERN_16.exec(text);
  if (m16) {
    const [, year, province, city, type, orgSerial, level, serial] = m16 as unknown as [string, string, string, string, string, string, string, string];
    if (!PROVINCE_CODES.has(province) || Number(serial) === 0) return undefined;
    return { format: '16', year, province, city, organisationType: type, organisationSerial: orgSerial, level: Number(level) as Level, serial: Number(serial) };
  }
  return undefined;
}

export function isValidCertificateNumber(value: string): boolean {
  return parseCertificateNumber(value) !== undefined;
}

/** A lookup's number as stored (upper case, no spaces), or undefined when it is not a number of either format. */
export function normaliseCertificateNumber(value: string): string | undefined {
  const text = value.replace(/\s+/g, '').toUpperCase();
  return isValidCertificateNumber(text) ? text : undefined;
}
