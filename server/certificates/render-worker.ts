import { renderCertificateChunk, type CertificatePrint } from './layout';

/** Piscina worker: renders one chunk of a certificate batch (the font is parsed once per worker). */
export default async function render({ certs, title }: { certs: CertificatePrint[]; title: string }): Promise<Uint8Array> {
  // Buffers arrive as Uint8Arrays after the structured clone.
  const prints = certs.map((c) => ({ ...c, photo: c.photo ? Buffer.from(c.photo) : undefined }));
  return renderCertificateChunk(prints, title);
}
