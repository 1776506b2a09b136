import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { loadConfig } from "./config.js";
import { withSecretsFromParameters } from "./secrets.js";
import { createBoard } from "./board/index.js";
import { createApp } from "./http/app.js";
import { createLambdaHandler } from "./http/lambda.js";

// Built once per container (during Lambda's init phase) and reused by every warm invocation.
const config = loadConfig(await withSecretsFromParameters(process.env));
const client = new DynamoDBClient({ region: config.region, ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}) });
const board = createBoard({ client, table: config.tableName, signingSecret: config.signingSecret, moderatorToken: config.moderatorToken });

/** API Gateway REST (v1) proxy integration entry point. */
export const handler = createLambdaHandler(createApp({ board, allowedOrigins: config.allowedOrigins }));
