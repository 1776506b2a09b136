import { App } from "cdktf";
import { BoardStack } from "./infra/board-stack.js";

const app = new App();
new BoardStack(app, "serverless-board", {
  backend: { stateBucket: process.env.TF_STATE_BUCKET, stateLockTable: process.env.TF_STATE_LOCK_TABLE, stateRegion: process.env.TF_STATE_REGION },
});
app.synth();
