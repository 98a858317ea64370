import { rm } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { HttpProblem, problems } from './problem';

/**
 * One uploaded file per request, under a known field name, with hard limits. Every refusal —
 * a second file, an unexpected field, a truncated body, a missing boundary, a file too large —
 * becomes a 4xx problem, and a temporary file never outlives its request: multer removes what it
 * wrote when it fails, and a stored file goes when the response closes, whatever happened.
 */
export interface SingleUploadOptions {
  /** The multipart field that carries the file. */
  field: string;
  /** The other (text) fields the form may send. */
  fields: readonly string[];
  maxBytes: number;
  /** Text parts allowed in all (a field may repeat); default one per field. */
  maxFields?: number;
  /** A directory for disk storage; absent: the file is kept in memory (small files only). */
  dir?: string;
}

const mib = (o: SingleUploadOptions) => Math.floor(o.maxBytes / 1024 / 1024);
/** A 400 whose detail is said through the catalogue key (English here for the logs). */
const badRequest = (detail: string, key: string) => new HttpProblem(400, 'bad-request', detail, { i18n: { key } });

const MULTER_REFUSALS: Record<string, (o: SingleUploadOptions) => HttpProblem> = {
  LIMIT_FILE_SIZE: (o) => new HttpProblem(413, 'upload-too-large', `The file may be at most ${mib(o)} MiB.`, { errors: [{ path: `body.${o.field}`, message: `files may be at most ${mib(o)} MiB`, i18n: { key: 'upload.error.tooLarge', vars: { max: mib(o) } } }], i18n: { key: 'upload.tooLarge', vars: { max: mib(o) } } }),
  LIMIT_FILE_COUNT: (o) => problems.validation([{ path: `body.${o.field}`, message: 'send exactly one file', i18n: { key: 'upload.error.oneFile' } }], 'Only one file may be uploaded.', { key: 'upload.oneFile' }),
  LIMIT_UNEXPECTED_FILE: (o) => problems.validation([{ path: 'body', message: `the file must be sent in the field "${o.field}"`, i18n: { key: 'upload.error.unexpectedFile', vars: { field: o.field } } }], 'Unexpected file field.', { key: 'upload.unexpectedFile' }),
  LIMIT_PART_COUNT: () => badRequest('The form has too many parts.', 'upload.tooManyParts'),
  LIMIT_FIELD_COUNT: () => badRequest('The form has too many fields.', 'upload.tooManyFields'),
  LIMIT_FIELD_KEY: () => badRequest('A form field name is too long.', 'upload.fieldKey'),
  LIMIT_FIELD_VALUE: () => badRequest('A form field value is too long.', 'upload.fieldValue'),
  MISSING_FIELD_NAME: () => badRequest('A form part has no field name.', 'upload.noFieldName'),
};

/** Any multer or busboy error → a 4xx problem (busboy's are malformed bodies). */
export function uploadProblem(error: unknown, options: SingleUploadOptions): HttpProblem {
  if (error instanceof HttpProblem) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && MULTER_REFUSALS[code]) return MULTER_REFUSALS[code](options);
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) return new HttpProblem(status, 'bad-upload', 'The upload could not be read.', { i18n: { key: 'upload.unreadable' } });
  const message = error instanceof Error ? error.message : String(error);
  // The parser's own words (English) stay in the logs; the caller is told in its language.
  return badRequest(`The multipart body could not be read (${message.slice(0, 120)}).`, 'upload.malformed');
}

/** Removes a temporary file, never throwing (nothing may reject unhandled). */
export function removeQuietly(filePath: unknown): Promise<void> {
  if (typeof filePath !== 'string' || !filePath) return Promise.resolve();
  return rm(filePath, { force: true }).catch(() => undefined);
}

export function uploadedFile(req: Request): Express.Multer.File | undefined {
  return (req as { file?: Express.Multer.File }).file;
}

export function singleFileUpload(options: SingleUploadOptions): RequestHandler {
  if (options.dir) mkdirSync(options.dir, { recursive: true });
  const upload = multer({
    ...(options.dir ? { dest: options.dir } : { storage: multer.memoryStorage() }),
    limits: { fileSize: options.maxBytes, files: 1, fields: (options.maxFields ?? options.fields.length) + 2, parts: (options.maxFields ?? options.fields.length) + 3, fieldSize: 4096, fieldNameSize: 100, headerPairs: 50 },
  }).single(options.field);
  return (req: Request, res: Response, next) => {
    const contentType = req.get('content-type') ?? '';
    if (!/^multipart\/form-data/i.test(contentType)) {
      next(new HttpProblem(415, 'unsupported-media-type', 'Send the file as multipart/form-data.', { i18n: { key: 'upload.notMultipart' } }));
      return;
    }
    if (!/boundary=/i.test(contentType)) {
      next(badRequest('The multipart body has no boundary.', 'upload.noBoundary'));
      return;
    }
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      const file = uploadedFile(req);
      const filePath = file?.path;
      if (typeof filePath === 'string') res.once('close', () => void removeQuietly(filePath));
      if (error) {
        // Defensive: never leave a half-described file on the request.
        (req as { file?: unknown }).file = undefined;
        void removeQuietly(filePath);
        next(uploadProblem(error, options));
        return;
      }
      const unexpected = Object.keys((req.body ?? {}) as Record<string, unknown>).filter((k) => !options.fields.includes(k));
      if (unexpected.length) {
        (req as { file?: unknown }).file = undefined;
        void removeQuietly(filePath);
        next(problems.validation(unexpected.map((k) => ({ path: `body.${k}`, message: 'unexpected field', i18n: { key: 'upload.error.unexpectedField', vars: { field: k } } })), 'The form has unexpected fields.', { key: 'upload.unexpectedFields' }));
        return;
      }
      next();
    };
    try {
      upload(req, res, finish);
    } catch (error) {
      finish(error);
    }
  };
}
