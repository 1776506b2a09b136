import { App } from "cdktf";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { BoardStack } from "./infra/board-stack.js";
import { bundleHandler } from "./infra/bundle.js";

// The function is bundled on every synth, so `cdktf deploy` never ships stale code.
const { outdir } = await bundleHandler();
const app = new App();
const stackName = "serverless-board";
// A JSON synth after an HCL one (or the reverse) would leave both files, and terraform init reads both.
for (const file of ["cdk.tf.json", "cdk.tf"]) rmSync(join(app.outdir, "stacks", stackName, file), { force: true });
new BoardStack(app, stackName, {
  functionCodeDir: outdir,
  backend: { stateBucket: process.env.TF_STATE_BUCKET, stateLockTable: process.env.TF_STATE_LOCK_TABLE, stateRegion: process.env.TF_STATE_REGION },
});
app.synth();
