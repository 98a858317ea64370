import { renderCertificateChunk, type CertificatePrint } from './layout';
import { serializePart, type SerializedPart } from '../printing/pdf-concat';

/**
 * Piscina worker: renders one chunk of a certificate batch and serialises it for the streaming
 * concatenation, object numbers from `base` (the font is parsed once per worker).
 */
export default async function render({ certs, title, base }: { certs: CertificatePrint[]; title: string; base: number }): Promise<SerializedPart> {
  // Buffers arrive as Uint8Arrays after the structured clone.
  const prints = certs.map((c) => ({ ...c, photo: c.photo ? Buffer.from(c.photo) : undefined }));
  return serializePart(await renderCertificateChunk(prints, title), base);
}
