/**
 * The answer core's settings in tests. The privacy floor is off (1) by default so figures can
 * be compared with hand-written SQL group by group; tests of the floor set their own k.
 */
export const testConfig = { timeZone: 'Asia/Shanghai', rowCap: 1000, statementTimeoutMs: 10_000, baseCurrency: 'CNY', minGroupSize: 1 };
