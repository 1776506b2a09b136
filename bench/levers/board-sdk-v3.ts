/**
 * The board without the lighter-client lever: api/container.ts's handler with ElectroDB over the
 * AWS SDK v3 client (what the projector still uses, entities/dynamo-client.ts), built as the other
 * functions are (with the SDK's DocumentClient); every other lever is in it, so the comparison
 * isolates the client. Its calls are not counted into the request line (that middleware went with
 * the lever): its warm counts are, if anything, a little low.
 */
import { loadConfig } from "../../api/config.js";
import { withSecretsFromParameters } from "../../api/secrets.js";
import { createBoardHandler } from "../../api/board-handler.js";
import { observeOneRequestAtATime } from "../../api/request-observations.js";
import { createStoreClient } from "../../entities/dynamo-client.js";

observeOneRequestAtATime();
const config = loadConfig(await withSecretsFromParameters(process.env));

export const handler = createBoardHandler(config, createStoreClient(config));
