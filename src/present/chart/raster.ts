/**
 * SVG → PNG with resvg, drawing text only with the fonts shipped through npm (Noto Sans SC
 * covers Chinese and Latin). System fonts are never loaded, so a chart looks the same on a
 * fresh server with no CJK font as on a laptop: Chinese labels cannot turn into boxes.
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';

/** The family name inside the font files; charts ask for it by name. */
export const FONT_FAMILY = 'Noto Sans SC';

const require = createRequire(import.meta.url);
let fontFiles: string[] | undefined;

/** Paths of the shipped font files (regular for labels, bold for titles). */
export function chartFonts(): string[] {
  fontFiles ??= ['400Regular/NotoSansSC_400Regular.ttf', '700Bold/NotoSansSC_700Bold.ttf'].map((file) =>
    require.resolve(`@expo-google-fonts/noto-sans-sc/${file}`),
  );
  return fontFiles;
}

export interface Raster {
  png: Buffer;
  width: number;
  height: number;
  /** RGBA, row by row: for tests that look at the picture. */
  pixels: Buffer;
}

/** Draws an SVG at `scale` (2 = sharp on high-density screens). */
export function rasterize(svg: string, options: { scale?: number; fonts?: string[] } = {}): Raster {
  const resvg = new Resvg(svg, {
    font: {
      fontFiles: options.fonts ?? chartFonts(),
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: 'white',
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height, pixels: image.pixels };
}
