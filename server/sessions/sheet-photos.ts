import path from 'node:path/posix';
import { unzipSync } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import { MAX_PHOTO_BYTES } from '../identity/photos';

/**
 * The photos placed on a registration sheet (照片 column): pictures anchored to cells of the
 * first worksheet, as Excel and WPS write them (a drawing part with `xdr:from/xdr:row` anchors
 * and `a:blip r:embed` links to `xl/media/*`). Only the package's small XML parts and its media
 * are inflated, never the worksheets; a picture larger than a photo may be is reported, not read.
 */
export interface SheetPhoto {
  /** The sheet row (1-based) the picture's top-left corner sits in. */
  row: number;
  data?: Buffer;
  /** Why the picture could not be used, in Chinese. */
  problem?: string;
}

/** Every picture together may not exceed this (5,000 rows of photos of 60 KB). */
const MAX_MEDIA_BYTES = 300 * 1024 * 1024;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true, parseTagValue: false, isArray: (name) => ['Relationship', 'sheet', 'twoCellAnchor', 'oneCellAnchor', 'absoluteAnchor'].includes(name) });

type Xml = Record<string, unknown>;
const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : '');

function relations(files: Record<string, Uint8Array>, part: string): Map<string, string> {
  const relsPath = path.join(path.dirname(part), '_rels', `${path.basename(part)}.rels`);
  const doc = parser.parse(text(files[relsPath])) as { Relationships?: { Relationship?: Array<{ Id: string; Target: string }> } };
  const out = new Map<string, string>();
  for (const r of doc.Relationships?.Relationship ?? []) out.set(r.Id, r.Target.startsWith('/') ? r.Target.slice(1) : path.normalize(path.join(path.dirname(part), r.Target)));
  return out;
}

export function readSheetPhotos(xlsx: Uint8Array): SheetPhoto[] {
  let mediaBytes = 0;
  const tooLarge = new Set<string>();
  const files = unzipSync(xlsx, {
    filter: (file) => {
      if (file.name.startsWith('xl/media/')) {
        if (file.originalSize > MAX_PHOTO_BYTES || mediaBytes + file.originalSize > MAX_MEDIA_BYTES) {
          tooLarge.add(file.name);
          return false;
        }
        mediaBytes += file.originalSize;
        return true;
      }
      const xml = file.name === 'xl/workbook.xml' || file.name.endsWith('.rels') || file.name.startsWith('xl/drawings/');
      return xml && file.originalSize < 16 * 1024 * 1024;
    },
  });
  const workbook = parser.parse(text(files['xl/workbook.xml'])) as { workbook?: { sheets?: { sheet?: Array<{ id?: string }> } } };
  const firstSheetRel = workbook.workbook?.sheets?.sheet?.[0]?.id;
  const sheetPart = firstSheetRel ? relations(files, 'xl/workbook.xml').get(firstSheetRel) : undefined;
  if (!sheetPart) return [];
  const photos: SheetPhoto[] = [];
  for (const drawingPart of relations(files, sheetPart).values()) {
    if (!drawingPart.startsWith('xl/drawings/') || !files[drawingPart]) continue;
    const media = relations(files, drawingPart);
    const drawing = parser.parse(text(files[drawingPart])) as { wsDr?: Xml };
    const anchors = [...((drawing.wsDr?.twoCellAnchor as Xml[] | undefined) ?? []), ...((drawing.wsDr?.oneCellAnchor as Xml[] | undefined) ?? [])];
    for (const anchor of anchors) {
      const row = Number((anchor.from as Xml | undefined)?.row);
      const embed = (((anchor.pic as Xml | undefined)?.blipFill as Xml | undefined)?.blip as Xml | undefined)?.embed;
      if (!Number.isInteger(row) || typeof embed !== 'string') continue;
      const target = media.get(embed);
      if (!target) continue;
      const data = files[target];
      if (data) photos.push({ row: row + 1, data: Buffer.from(data) });
      else photos.push({ row: row + 1, problem: tooLarge.has(target) ? `照片不能超过 ${MAX_PHOTO_BYTES / 1024} KB` : '照片无法读取' });
    }
  }
  return photos.sort((a, b) => a.row - b.row);
}
