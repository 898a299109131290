/** The three platforms the dirty demo writes, in the order their folders are written. */
import { jd } from './jd.ts';
import type { PlatformShape } from './shape.ts';
import { shopify } from './shopify.ts';
import { tmall } from './tmall.ts';

export const platformShapes: readonly PlatformShape[] = [tmall, jd, shopify];
export { eventTable, statusTable, type FileInfo, type FileShape, type PlatformShape, type Row } from './shape.ts';
