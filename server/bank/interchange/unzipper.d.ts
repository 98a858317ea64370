// The part of unzipper (the zip parser exceljs streams with) that archive-limits.ts uses.
declare module 'unzipper' {
  import type { Duplex, Readable } from 'node:stream';
  export interface Entry extends Readable {
    path: string;
    type: 'File' | 'Directory';
    vars: { uncompressedSize?: number; compressedSize?: number };
    autodrain(): unknown;
  }
  export function Parse(options?: { forceStream?: boolean }): Duplex;
  const unzipper: { Parse: typeof Parse };
  export default unzipper;
}
