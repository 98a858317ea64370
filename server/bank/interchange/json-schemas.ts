import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { jsonIssueFromAjv, uniqueIssues, type JsonIssue } from './issues';

/**
 * The published JSON Schemas (question-bank-schema/, draft 2020-12), compiled once with ajv.
 */

export const SCHEMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../question-bank-schema');

export const SCHEMA_FILES = {
  item: 'item.schema.json',
  standard: 'standard.schema.json',
  bankExport: 'bank-export.schema.json',
} as const;
export type SchemaName = keyof typeof SCHEMA_FILES;

let compiled: Record<SchemaName, ValidateFunction> | undefined;

export function loadSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(SCHEMA_DIR, SCHEMA_FILES[name]), 'utf8')) as Record<string, unknown>;
}

function validators(): Record<SchemaName, ValidateFunction> {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictTuples: false });
    addFormats(ajv);
    for (const name of Object.keys(SCHEMA_FILES) as SchemaName[]) ajv.addSchema(loadSchema(name));
    const get = (name: SchemaName) => {
      const id = loadSchema(name).$id as string;
      const validate = ajv.getSchema(id);
      if (!validate) throw new Error(`schema ${id} did not compile`);
      return validate;
    };
    compiled = { item: get('item'), standard: get('standard'), bankExport: get('bankExport') };
  }
  return compiled;
}

/** Raw ajv errors of `data` against one of the schemas (empty when valid). */
export function schemaErrors(name: SchemaName, data: unknown): ErrorObject[] {
  const validate = validators()[name];
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

/** `data` against one of the schemas → issues with JSON paths under `prefix`. */
export function validateAgainstSchema(name: SchemaName, data: unknown, prefix: readonly (string | number)[] = []): JsonIssue[] {
  const issues = schemaErrors(name, data)
    .map((error) => jsonIssueFromAjv(error, prefix))
    .filter((issue): issue is JsonIssue => issue !== undefined);
  return uniqueIssues(issues, (issue) => issue.path);
}
