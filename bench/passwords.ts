/**
 * What a 비밀번호 costs: scrypt's first hash in a fresh Lambda-like process (Node 22 with Lambda's
 * flags: the cold path of a create with a password) and later ones, then posts.create without and
 * with a password and posts.unlock in-process on DynamoDB Local, interleaved, as p50s and a ratio.
 */
import { execFileSync } from "node:child_process";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createBoardOperations } from "../api/board/index.js";
import { scryptParameters } from "../api/board/passwords.js";
import { lambdaNode, lambdaNodeFlags } from "./lambda-node.js";
import { median, ratio, round } from "./stats.js";

/** Times scrypt as api/board/passwords.ts calls it, in a new process: the first call, then the median of five more. */
const childScript = `
const { scrypt, randomBytes } = await import("node:crypto");
const options = { ...JSON.parse(process.argv[1]), maxmem: 64 * 1024 * 1024 };
const once = () => new Promise((resolve, reject) => {
  const began = performance.now();
  scrypt("비밀번호1234", randomBytes(16), 32, options, (error) => (error ? reject(error) : resolve(performance.now() - began)));
});
const first = await once();
const later = [];
for (let i = 0; i < 5; i++) later.push(await once());
later.sort((a, b) => a - b);
console.log(JSON.stringify({ first, later: later[2] }));
`;

export async function passwordBench(endpoint: string, table: string, signingSecret: string, settings: { memoryMb: number; runs: number; creates: number }) {
  const node = lambdaNode();
  const cold: { first: number; later: number }[] = [];
  for (let run = 0; run < settings.runs; run++) {
    const output = execFileSync(node.path, [...lambdaNodeFlags(settings.memoryMb), "--input-type=module", "-e", childScript, JSON.stringify(scryptParameters)]);
    cold.push(JSON.parse(output.toString()));
  }

  const client = new DynamoDBClient({ endpoint, region: "us-east-1" });
  const operations = createBoardOperations({ client, table, signingSecret });
  const plain: number[] = [];
  const withPassword: number[] = [];
  const unlocks: number[] = [];
  const fields = { board: "passwords", title: "비밀번호 글", body: "폰에서 쓰고 PC에서 고칩니다.", author: "ㅇㅇ" };
  for (let i = 0; i < settings.creates; i++) {
    let began = performance.now();
    await operations.posts.create(fields);
    plain.push(performance.now() - began);
    began = performance.now();
    const { post } = await operations.posts.create({ ...fields, password: "열려라 참깨" });
    withPassword.push(performance.now() - began);
    began = performance.now();
    await operations.posts.unlock({ postId: post.postId, password: "열려라 참깨" }, `bench-client-${i}`);
    unlocks.push(performance.now() - began);
  }
  const firstHashMs = round(median(cold.map((run) => run.first)), 1);
  const laterHashMs = round(median(cold.map((run) => run.later)), 1);
  return {
    parameters: { logCost: Math.log2(scryptParameters.cost), blockSize: scryptParameters.blockSize, parallelization: scryptParameters.parallelization },
    memoryMiB: (128 * scryptParameters.cost * scryptParameters.blockSize) / 2 ** 20,
    node: node.version,
    cold: { firstHashMs, laterHashMs, runs: settings.runs },
    warm: {
      createP50Ms: round(median(plain), 2),
      createWithPasswordP50Ms: round(median(withPassword), 2),
      ratio: ratio(median(withPassword), median(plain)),
      unlockP50Ms: round(median(unlocks), 2),
      creates: settings.creates,
    },
    /**
     * Lambda gives a function CPU in proportion to its memory (one full vCPU at 1,769 MB): below
     * that, a hash that takes t ms of one core here takes about t × 1769 / memory there (an estimate).
     */
    lambdaEstimateMs: round((laterHashMs * 1769) / Math.min(1769, settings.memoryMb), 0),
  };
}
