/**
 * `npm run backfill -- <board> [<board> …]`: search entries, post numbers and comment counts for
 * posts written before the stream projector kept them, and the board's entry in the board list (see projector/backfill.ts). It reads the table the way
 * the functions do: TABLE_NAME (default serverless-board), AWS_REGION, and DYNAMODB_ENDPOINT for a
 * local DynamoDB (`npm start`'s is printed when it starts); AWS credentials from the environment.
 */
import { fileURLToPath } from "node:url";
import { projectorConfig, projectorDeps } from "../projector/projector-function.js";
import { backfillBoard } from "../projector/backfill.js";
import { useLocalCredentials } from "../local/bootstrap.js";

export async function backfill(boards: string[], env: NodeJS.ProcessEnv = process.env, say: (line: string) => void = console.log): Promise<void> {
  if (boards.length === 0) throw new Error("Name the boards to backfill: npm run backfill -- <board> [<board> …]");
  // DynamoDB Local takes any credentials, but the SDK wants some.
  if (/^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(env.DYNAMODB_ENDPOINT ?? "")) useLocalCredentials(env);
  const deps = { ...projectorDeps(projectorConfig({ TABLE_NAME: "serverless-board", ...env })), log: () => {} };
  for (const board of boards) {
    const done = await backfillBoard(deps, board);
    say(
      `${board}: ${done.posts} ${done.posts === 1 ? "post" : "posts"} indexed (${done.indexEntries} search entries written), numbered and their comments recounted`,
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await backfill(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
