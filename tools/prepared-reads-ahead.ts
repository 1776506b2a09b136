import type { Plugin } from "esbuild";
import { createBoardService } from "../entities/service.js";
import { createStoreDocumentClient } from "../entities/dynamo-client.js";
import { createPreparedReads, writePreparedTemplates } from "../entities/reads.js";
import type { Written } from "../entities/prepared-query.js";

/**
 * The hot reads' parameters, written by ElectroDB at build time instead of on a cold start's first
 * read (entities/prepared-templates.ts says why). They depend on the models alone: the table is
 * named at run time (each call puts the function's own), and no client is called to write them.
 */
export function preparedTemplatesAhead(): Record<string, Written> {
  const client = createStoreDocumentClient({ region: "us-east-1" });
  const table = "named-at-run-time";
  return writePreparedTemplates(createPreparedReads(createBoardService({ client, table }), { client, table }, undefined));
}

export const preparedReadsAhead: Plugin = {
  name: "prepared-reads-ahead",
  setup(build) {
    build.onLoad({ filter: /[\\/]entities[\\/]prepared-templates\.ts$/ }, () => ({
      contents: `export const preparedTemplates = ${JSON.stringify(preparedTemplatesAhead())};`,
      loader: "js",
    }));
  },
};
