import os from 'node:os';
import path from 'node:path';
import type { RequestHandler, Response } from 'express';
import { singleFileUpload } from '../platform/upload';

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
const UPLOAD_DIR = path.join(os.tmpdir(), 'skill-appraisal-imports');

/**
 * Uploads go to a temporary file (streamed to disk), never into memory whole: one file in the
 * field "file", plus the form's "mode" (the page form's CSRF token is in its action URL). Refusals are 4xx and leave no file behind.
 */
export function importUpload(): RequestHandler {
  return singleFileUpload({ field: 'file', fields: ['mode'], maxBytes: MAX_IMPORT_BYTES, dir: UPLOAD_DIR });
}

export function attachment(res: Response, fileName: string, contentType: string): void {
  res.set({
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'Cache-Control': 'no-store',
  });
}

