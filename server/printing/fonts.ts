import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create, type Font } from 'fontkit';

/**
 * The CJK TrueType faces every printed document uses (Noto Sans SC, SIL OFL, shipped by
 * @expo-google-fonts/noto-sans-sc). Each face is parsed once per process and the parsed font is
 * handed to every document, which embeds only the glyphs it uses (pdfkit subsets TrueType).
 */
export type FaceName = 'regular' | 'bold';

const FILES: Record<FaceName, string> = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
};

const require = createRequire(import.meta.url);
const parsed = new Map<FaceName, Font>();

export function cjkFace(name: FaceName): Font {
  let font = parsed.get(name);
  if (!font) {
    const loaded = create(readFileSync(require.resolve(FILES[name])));
    if (!('layout' in loaded)) throw new Error(`${FILES[name]} is a font collection, not a single face`);
    font = loaded;
    parsed.set(name, font);
  }
  return font;
}

/** How many faces this process has parsed (tests check that documents reuse them). */
export function parsedFaceCount(): number {
  return parsed.size;
}
