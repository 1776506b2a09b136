import { App } from "cdktf";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { BoardStack } from "./infra/board-stack.js";
import { bundleHandler, bundleProjector } from "./tools/bundle.js";
import { trainedCodeCacheDir } from "./tools/code-cache/build.js";
import { bundleImageFunction } from "./tools/image-bundle.js";

// The function is bundled on every synth, so `npm run deploy` never ships stale code; unless
// FUNCTION_CODE_CACHE names a build made by `npm run build:code-cache` (opt-in), shipped as trained.
const codeCacheDir = process.env.FUNCTION_CODE_CACHE ? trainedCodeCacheDir(process.env.FUNCTION_CODE_CACHE) : undefined;
const outdir = codeCacheDir ?? (await bundleHandler()).outdir;
// The image function, with sharp's linux-arm64 build beside it (fetched from the npm registry).
const imageFunctionCodeDir = (await bundleImageFunction()).outdir;
const projectorCodeDir = (await bundleProjector()).outdir;
const app = new App();
const stackName = "serverless-board";
// A JSON synth after an HCL one (or the reverse) would leave both files, and terraform init reads both.
for (const file of ["cdk.tf.json", "cdk.tf"]) rmSync(join(app.outdir, "stacks", stackName, file), { force: true });
new BoardStack(app, stackName, {
  functionCodeDir: outdir,
  codeCache: codeCacheDir !== undefined,
  imageFunctionCodeDir,
  projectorCodeDir,
  backend: { stateBucket: process.env.TF_STATE_BUCKET, stateLockTable: process.env.TF_STATE_LOCK_TABLE, stateRegion: process.env.TF_STATE_REGION },
});
app.synth();
