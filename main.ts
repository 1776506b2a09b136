import { App } from "cdktf";
import { BoardStack } from "./infra/board-stack.js";
import { bundleHandler } from "./infra/bundle.js";

// The function is bundled on every synth, so `cdktf deploy` never ships stale code.
const { outdir } = await bundleHandler();
const app = new App();
new BoardStack(app, "serverless-board", {
  functionCodeDir: outdir,
  backend: { stateBucket: process.env.TF_STATE_BUCKET, stateLockTable: process.env.TF_STATE_LOCK_TABLE, stateRegion: process.env.TF_STATE_REGION },
});
app.synth();
