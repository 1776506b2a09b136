import { vi } from "vitest";
import type { Server } from "node:http";
import { createEmulator } from "../../local/apigw-emulator.js";
import { serveWebBoard } from "../../local/static-files.js";
import { testModeratorToken, testSigningSecret } from "./store.js";
import type { TestStore } from "./store.js";

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The real handler (imported fresh for this test file, configured for `store`) behind the
 * API Gateway emulation on a random port — what `npm start` serves, minus DynamoDB Local.
 */
export async function startApiServer(store: TestStore, options: { withWebBoard?: boolean } = {}): Promise<ApiServer> {
  vi.spyOn(console, "log").mockImplementation(() => {}); // the access log; tests/handler.test.ts checks it
  Object.assign(process.env, { TABLE_NAME: store.table, DYNAMODB_ENDPOINT: store.endpoint, MODERATOR_TOKEN: testModeratorToken, SIGNING_SECRET: testSigningSecret });
  const { handler } = await import("../../api/handler.js");
  const server: Server = createEmulator({ handler, ...(options.withWebBoard ? { serveStatic: serveWebBoard } : {}) });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
