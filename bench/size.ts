import { z } from 'zod';

/** A count written as 100000, 250k or 1m, for benchmark sizes on the command line. */
export const countArg = (what: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?[km]?$/i, `a ${what} count such as 100000, 250k or 1m`)
    .transform((text) => Math.round(Number.parseFloat(text) * ({ k: 1e3, m: 1e6 }[text.slice(-1).toLowerCase()] ?? 1)))
    .pipe(z.number().int().min(min).max(max));
