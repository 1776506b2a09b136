/**
 * The board's Lambda entry as api/container.ts builds it, with @aws-lite as the DynamoDB client
 * (bench/levers/aws-lite-document-client.ts) — the lighter-client lever tried on the real board.
 * Bundled with ElectroDB's SDK imports stubbed (bench/levers.ts): ElectroDB requires
 * @aws-sdk/lib-dynamodb when it loads, though a v2-style client never uses it.
 */
import awsLite from "@aws-lite/client";
// @ts-expect-error: @aws-lite/dynamodb ships no types of its own.
import dynamodb from "@aws-lite/dynamodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { loadConfig } from "../../api/config.js";
import { withSecretsFromParameters } from "../../api/secrets.js";
import { createBoardHandler } from "../../api/board-handler.js";
import { observeOneRequestAtATime } from "../../api/request-observations.js";
import { liteDocumentClient } from "./aws-lite-document-client.js";

observeOneRequestAtATime();
const config = loadConfig(await withSecretsFromParameters(process.env));
const aws = await awsLite({ region: config.region, ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}), plugins: [dynamodb], retries: 2 });
const client = liteDocumentClient((aws as unknown as { DynamoDB: Parameters<typeof liteDocumentClient>[0] }).DynamoDB) as unknown as DynamoDBClient;

export const handler = createBoardHandler(config, client);
