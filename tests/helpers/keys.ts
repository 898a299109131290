import { createDataCipher } from '../../src/privacy/crypto.ts';

/** A fixed, test-only data key: never used outside tests. */
export const testCipher = createDataCipher(Buffer.alloc(32, 7));
