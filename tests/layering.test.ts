/**
 * The layering rules of CONTRIBUTING.md, checked on every import in the tree: a folder imports
 * only what its row allows, so the rules cannot drift from the code.
 */
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { repoRoot } from "./support/processes.js";

/** Plain data every layer may read. */
const sharedFacts = ["api/limits.ts", "api/text-rules.ts", "entities/image-refusals.ts"];

/** Folder → what its files may import (folders or files, relative to the repository; `type:` for `import type` only). */
const allowed: Record<string, string[]> = {
  "entities/": ["entities/"],
  "api/board/": ["api/board/", "entities/", "media/media-store.ts", "api/zod.ts"],
  "api/": ["api/", "entities/", "media/"],
  "media/": ["media/"],
  "images/": ["images/", "entities/", "media/", "api/log-line.ts"],
  "projector/": ["projector/", "entities/", "media/", "api/metric-names.ts", "api/log-line.ts"],
  "client/src/": ["client/src/", "type:api/"],
  "web/src/": ["web/src/", "web/security-headers.ts"],
  "infra/": ["infra/", "entities/", "api/", "images/", "projector/", "media/", "tools/", "web/security-headers.ts", "web/cache-control.ts"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|mts)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

const importsOf = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/(?:^|\n)\s*((?:import|export)\b[^;]*?)from\s+"(\.[^"]+)"|import\("(\.[^"]+)"\)/g)].map((match) => ({
    specifier: (match[2] ?? match[3])!,
    typeOnly: /^(import|export)\s+type\b/.test(match[1] ?? ""),
  }));

describe("layering", () => {
  it("every import stays within what its folder may import (CONTRIBUTING.md)", () => {
    const violations: string[] = [];
    for (const [folder] of Object.entries(allowed)) {
      for (const file of sourceFiles(join(repoRoot, folder))) {
        const from = relative(repoRoot, file);
        // The most specific row that holds this file decides (api/board/ before api/).
        const row = Object.keys(allowed)
          .filter((prefix) => from.startsWith(prefix))
          .sort((a, b) => b.length - a.length)[0]!;
        if (row !== folder) continue;
        for (const { specifier, typeOnly } of importsOf(file)) {
          const target = relative(repoRoot, resolve(dirname(file), specifier)).replace(/\.js$/, ".ts");
          const permits = [...allowed[row]!, ...sharedFacts].flatMap((entry) => (entry.startsWith("type:") ? (typeOnly ? [entry.slice(5)] : []) : [entry]));
          const ok = permits.some((permitted) => target === permitted || (permitted.endsWith("/") && target.startsWith(permitted)));
          if (!ok) violations.push(`${from} imports ${target}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
