/**
 * The bank's interchange layer: formats only, no database. The bank service calls these to
 * import (dry run, then commit) and export items as JSON and Excel.
 */
export { sanitizeRichText, sanitizeItemRichText, textToRichText, richTextToPlain, MEDIA_SRC_PATTERN } from './rich-text';
export type { XlsxRowError, JsonIssue } from './issues';
export { ITEM_CODE_PATTERN, UNPLACED_CODE_PATTERN, UNPLACED_POINT, UNPLACED_SERIES, codeSeries, isUnplacedCode, itemCodeOf, pointCodeOfItemCode } from './codes';
export { pointResolverFromStandard, type PointLevelsResolver } from './point-levels';
export { XLSX_COLUMNS, XLSX_HEADERS, ITEMS_SHEET_NAME, HELP_SHEET_NAME, defaultEstimatedSeconds, type RowParseOptions } from './xlsx-format';
export { readItemRowsFromXlsx, checkXlsxImport, type XlsxInput, type XlsxReadOptions, type XlsxRowResult, type XlsxImportReport } from './xlsx-import';
export { writeItemsXlsx, writeTemplateXlsx, type ExportItem, type XlsxExportSummary } from './xlsx-export';
export {
  BANK_EXPORT_FORMAT,
  BANK_EXPORT_FORMAT_VERSION,
  BankMetaSchema,
  BankExportHeaderSchema,
  BankExportItemSchema,
  StandardDocumentSchema,
  ITEM_STATUSES,
  type BankMeta,
  type BankTier,
  type ItemStatus,
  type BankExportHeader,
  type BankExportItem,
  type BankExportItemInput,
  type StandardDocument,
} from './bank-export-schema';
export { parseBankExport, readBankExport, validateItemDocument, validateStandardDocument, type BankExportImportResult, type ImportedBankItem, type BankExportImportOptions } from './json-import';
export { writeBankExport, BankExportWriteError, type BankExportHeaderInput, type BankExportWriteOptions } from './json-export';
export { validateAgainstSchema, loadSchema, SCHEMA_DIR, type SchemaName } from './json-schemas';
