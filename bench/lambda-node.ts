import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { buildDir } from "./bundles.js";

/** Lambda's nodejs22.x runs Node 22; the npm registry ships its binaries as packages. */
const nodeRelease = "22.23.3";

/**
 * The Node 22 binary the cold starts run on, fetched from the npm registry (`node-linux-<arch>`)
 * into bench/.build on first use. The machine's own Node (20) would measure the wrong runtime.
 */
export function lambdaNode(): { path: string; version: string } {
  const dir = join(buildDir, `node-${nodeRelease}-${process.arch}`);
  const binary = join(dir, "package", "bin", "node");
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    execFileSync("npm", ["pack", `node-linux-${process.arch}@${nodeRelease}`, "--pack-destination", dir, "--silent"], { stdio: ["ignore", "pipe", "inherit"] });
    const tarball = readdirSync(dir).find((name) => name.endsWith(".tgz"))!;
    execFileSync("tar", ["xzf", join(dir, tarball), "-C", dir]);
  }
  return { path: binary, version: execFileSync(binary, ["--version"]).toString().trim() };
}

export { lambdaNodeFlags } from "../infra/lambda-runtime.js";

/** What Lambda sets in a function's environment that the code or Node may read. */
export function lambdaEnvironment(memoryMb: number): Record<string, string> {
  return {
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_FUNCTION_NAME: "serverless-board-api",
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
    NODE_ENV: "production",
  };
}
