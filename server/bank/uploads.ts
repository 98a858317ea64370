import os from 'node:os';
import path from 'node:path';
import type { RequestHandler, Response } from 'express';
import { singleFileUpload } from '../platform/upload';

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
const UPLOAD_DIR = path.join(os.tmpdir(), 'skill-appraisal-imports');

/**
 * Uploads go to a temporary file (streamed to disk), never into memory whole: one file in the
 * field "file", plus the form's fields (IMPORT_FIELDS; the page form's CSRF token is in its action URL). Refusals are 4xx and leave no file behind.
 */
export function importUpload(): RequestHandler {
  return singleFileUpload({ field: 'file', fields: IMPORT_FIELDS, maxFields: IMPORT_FIELDS.length + MAX_MAPPED_COLUMNS, maxBytes: MAX_IMPORT_BYTES, dir: UPLOAD_DIR });
}

/** The import form's text fields: the mode, the column mapping (`map`, repeated) and the defaults. */
export const IMPORT_FIELDS = ['mode', 'map', 'category', 'defaultType', 'defaultPoint', 'defaultLevels', 'defaultDifficulty', 'defaultPoints', 'binary'] as const;
/** Columns a posted mapping may name. */
export const MAX_MAPPED_COLUMNS = 64;

export function attachment(res: Response, fileName: string, contentType: string): void {
  res.set({
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'Cache-Control': 'no-store',
  });
}

