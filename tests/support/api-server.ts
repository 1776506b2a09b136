import { catchLogLines } from "./log-lines.js";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { LambdaHandler } from "../../api/http/lambda.js";
import type { LocalS3 } from "../../local/local-s3.js";
import { localS3Prefix, mediaRoutes } from "../../local/media-routes.js";
import { createEmulator } from "../../local/apigw-emulator.js";
import { serveWebBoard } from "../../local/static-files.js";
import { createTestBoard, testModeratorToken, testSigningSecret } from "./store.js";
import type { TestStore } from "./store.js";
import type { Json } from "./json.js";
import { testProjector } from "./projector.js";

export interface ApiServer {
  url: string;
  /** Until the stream projector has projected everything written so far (counts are then exact). */
  drainStream(): Promise<void>;
  /** A REST call with plain fetch: its JSON answer (undefined for 204). */
  rest(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Json>;
  /** Opens boards as the moderator would (a board must exist before its page shows): a slug, or a slug and its name. */
  openBoards(...boards: (string | { board: string; name: string; description?: string })[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real handler (imported fresh for this test file, configured for `store`) behind the
 * API Gateway emulation on a random port, with the stream projector polling the table's stream —
 * what `npm start` serves, minus DynamoDB Local.
 */
export async function startApiServer(store: TestStore, options: { withWebBoard?: boolean; media?: { s3: LocalS3; bucket: string } } = {}): Promise<ApiServer> {
  catchLogLines(); // the request log; tests/handler.test.ts checks it
  // The handler is read once the port is known: uploads go to this server's /local-s3 front door.
  let handler: LambdaHandler | undefined;
  const media = options.media ? mediaRoutes(options.media.s3, options.media.bucket) : undefined;
  const serveStatic = async (req: IncomingMessage, res: ServerResponse) =>
    ((await media?.(req, res)) ?? false) || (options.withWebBoard ? serveWebBoard(req, res) : false);
  const server: Server = createEmulator({ handler: (event, context) => handler!(event, context), serveStatic });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  Object.assign(process.env, {
    TABLE_NAME: store.table,
    DYNAMODB_ENDPOINT: store.endpoint,
    MODERATOR_TOKEN: testModeratorToken,
    SIGNING_SECRET: testSigningSecret,
  });
  if (options.media)
    Object.assign(process.env, {
      MEDIA_BUCKET: options.media.bucket,
      AWS_ENDPOINT_URL_S3: options.media.s3.endpoint,
      MEDIA_UPLOAD_URL: `http://127.0.0.1:${port}${localS3Prefix}`,
    });
  ({ handler } = await import("../../api/handler.js"));
  const projector = testProjector(store, { settings: {} });
  projector.start();
  return {
    url: `http://127.0.0.1:${port}`,
    drainStream: () => projector.drain(),
    rest: async (method, path, body, headers = {}) => {
      const response = await fetch(`http://127.0.0.1:${port}/api${path}`, {
        method,
        headers: { "content-type": "application/json", ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return response.status === 204 ? undefined : response.json();
    },
    openBoards: async (...boards) => {
      const operations = createTestBoard(store);
      for (const entry of boards) {
        const { board, name, description = "" } = typeof entry === "string" ? { board: entry, name: entry } : entry;
        await operations.boards.create({ board, name, description }, { token: testModeratorToken });
      }
    },
    close: () => {
      projector.stop();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
