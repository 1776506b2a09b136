import type { Written } from "./prepared-query.js";

/**
 * The hot reads' parameters as ElectroDB writes them (entities/reads.ts), written ahead by the
 * build: the Lambda bundle's copy of this module carries them (tools/prepared-reads-ahead.ts), so
 * a cold start's first read builds no ElectroDB entity or query at all (≈ 48 M instructions of
 * it; docs/performance.md#levers-measured-in-instructions). Here, unbundled (tests, `npm start`),
 * there are none, and each shape is written on its first use.
 */
export const preparedTemplates: Readonly<Record<string, Written>> | undefined = undefined;
