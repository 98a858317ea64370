import os from 'node:os';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { RequestHandler, Response } from 'express';
import multer from 'multer';
import { problems } from '../platform/problem';

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
const UPLOAD_DIR = path.join(os.tmpdir(), 'skill-appraisal-imports');

/** Uploads go to a temporary file (streamed to disk), never into memory whole. */
export function importUpload(): RequestHandler {
  mkdirSync(UPLOAD_DIR, { recursive: true });
  const upload = multer({ dest: UPLOAD_DIR, limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }).single('file');
  return (req, res, next) =>
    upload(req, res, (error: unknown) => {
      // Whatever happens next, the temporary file goes when the response is done.
      const file = (req as { file?: { path: string } }).file;
      if (file) res.on('close', () => void rm(file.path, { force: true }));
      if ((error as { code?: string } | undefined)?.code === 'LIMIT_FILE_SIZE') return next(problems.validation([{ path: 'body.file', message: `files may be at most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB` }]));
      next(error);
    });
}

export function attachment(res: Response, fileName: string, contentType: string): void {
  res.set({
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'Cache-Control': 'no-store',
  });
}

