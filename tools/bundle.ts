import { build } from "esbuild";
import type { BuildOptions, Metafile, Plugin } from "esbuild";
import { rmSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { electrodbTrustedModels } from "./electrodb-trusted-models.js";
import { trpcNativeSpread } from "./trpc-native-spread.js";
import { preparedReadsAhead } from "./prepared-reads-ahead.js";

const root = fileURLToPath(new URL("..", import.meta.url));
export const lambdaBundleDir = join(root, "dist", "lambda");
const handlerEntry = join(root, "api", "handler.ts");
export const projectorBundleDir = join(root, "dist", "projector");

/**
 * Modules the function never runs, replaced by empty ones: trpc-to-openapi's Node body parser
 * (co-body, which drags in iconv-lite and mime-db; the fetch path never calls it) and openapi3-ts'
 * YAML writer (we serve JSON). Each is only reached through code paths this API does not take.
 */
const unusedModules = ["co-body", "yaml"];

/**
 * zod's 40-odd message locales: trpc-to-openapi uses zod's `z` namespace as a whole, which keeps
 * every locale in the bundle (and in the cold path). The API speaks English; keep only `en`.
 */
const englishOnlyZodLocales: Plugin = {
  name: "english-only-zod-locales",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), "..", "locales", "index.js"), namespace: "zod-locales-en" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-locales-en" }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

/**
 * The SSM and S3 clients from their ES-module builds: the function uses a few of their hundreds of
 * commands, and only an ES module lets esbuild drop the rest (the packages are marked side-effect
 * free). Their CommonJS builds, which Node's resolution would pick, are indivisible (SSM: 200 KiB).
 */
const awsClientsAsEsModules: Plugin = {
  name: "aws-clients-as-es-modules",
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/(client-ssm|client-s3|s3-presigned-post)$/ }, (args) => {
      const packageDir = dirname(createRequire(join(args.resolveDir, "index.js")).resolve(`${args.path}/package.json`));
      return { path: join(packageDir, "dist-es", "index.js") };
    });
  },
};

/**
 * ElectroDB loads the SDK's DocumentClient (@aws-sdk/lib-dynamodb, and through it the whole
 * DynamoDB client) when it loads, though it uses it only to wrap an SDK v3 client. The API gives
 * ElectroDB its own client (entities/document-client.ts), so in the API's bundle that import is
 * empty: the SDK stays off its cold path. The projector and image function keep it (they use
 * the SDK client).
 */
const electrodbWithoutSdkDocumentClient: Plugin = {
  name: "electrodb-without-sdk-document-client",
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/lib-dynamodb$/ }, (args) =>
      /[\\/]electrodb[\\/]/.test(args.importer) ? { path: args.path, namespace: "no-sdk-document-client" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "no-sdk-document-client" }, () => ({ contents: "module.exports = {};", loader: "js" }));
  },
};

const nodeBuiltin = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/**
 * Node's built-in modules are required, never imported. An ESM `import` of a built-in makes Node
 * build the module's ESM face, which reads every export, lazy ones included: `node:http`'s
 * WebSocket classes load and compile all of undici (and with it http2, zlib, worker_threads…),
 * `node:crypto`'s load WebCrypto: 160 M instructions of the API's cold start (1,011 → 852 M) for
 * code it never runs, once Lambda's flags make Node reject its built-in code cache
 * (docs/performance.md). A `require` (the banner's, below) returns the module as it is.
 */
const builtinsRequired: Plugin = {
  name: "builtins-required",
  setup(build) {
    // A dynamic import gets a wrapper of its own: shared with the static one, the wrapper would be
    // split into a chunk of its own, one more file for every cold start to load.
    build.onResolve({ filter: /^[a-z_:/0-9]+$/ }, (args) =>
      (args.kind === "import-statement" || args.kind === "dynamic-import") && nodeBuiltin.has(args.path)
        ? { path: args.path, namespace: args.kind === "import-statement" ? "required-builtin" : "required-builtin-later" }
        : undefined,
    );
    const required = (args: { path: string }) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: "js" as const });
    build.onLoad({ filter: /.*/, namespace: "required-builtin" }, required);
    build.onLoad({ filter: /.*/, namespace: "required-builtin-later" }, required);
  },
};

/**
 * What a bundle's code gives ElectroDB (the API its own client, every other function the SDK's),
 * and whether Fetch's classes are the function's own (api/http/fetch-classes.ts: the API's HTTP
 * path never loads undici) instead of Node's.
 */
export interface BundleKind {
  sdkDocumentClient: boolean;
  ownFetchClasses: boolean;
}
export const apiBundle: BundleKind = { sdkDocumentClient: false, ownFetchClasses: true };
const sdkBundle: BundleKind = { sdkDocumentClient: true, ownFetchClasses: false };
const fetchClasses = join(root, "api", "http", "fetch-classes.ts");

const emptyUnusedModules: Plugin = {
  name: "empty-unused-modules",
  setup(build) {
    const filter = new RegExp(`^(${unusedModules.join("|")})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: "unused-module" }));
    build.onLoad({ filter: /.*/, namespace: "unused-module" }, () => ({ contents: "module.exports = {};", loader: "js" }));
  },
};

/**
 * The Lambda's code: minified ESM for Node 22 with the AWS SDK inside (the runtime's copy is not
 * pinned): `index.mjs` plus lazily imported chunks. The banner gives CommonJS dependencies the
 * `require` ESM lacks.
 */
export function lambdaBuildOptions(entry: string, outdir: string, kind: BundleKind = sdkBundle): BuildOptions & { metafile: true } {
  return {
    entryPoints: { index: entry },
    outdir,
    outExtension: { ".js": ".mjs" },
    // What the cold path does not need (REST bridge, API reference, SSM client) goes in chunks loaded on first use.
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    platform: "node",
    target: "node22",
    format: "esm",
    minify: true,
    sourcemap: false,
    metafile: true,
    legalComments: "none",
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    plugins: [
      builtinsRequired,
      emptyUnusedModules,
      englishOnlyZodLocales,
      electrodbTrustedModels,
      trpcNativeSpread,
      preparedReadsAhead,
      awsClientsAsEsModules,
      ...(kind.sdkDocumentClient ? [] : [electrodbWithoutSdkDocumentClient]),
    ],
    // Every reference to the global Headers, Request or Response in the bundle, ours and our dependencies', gets these.
    ...(kind.ownFetchClasses ? { inject: [fetchClasses] } : {}),
    logLevel: "warning",
  };
}

export async function bundleHandler(outdir = lambdaBundleDir): Promise<{ outdir: string; metafile: Metafile }> {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build(lambdaBuildOptions(handlerEntry, outdir, apiBundle));
  return { outdir, metafile: result.metafile };
}

/** The stream projector's own bundle (projector/handler.ts: the entities it needs and the DynamoDB client; S3 only as a lazy chunk). */
export async function bundleProjector(outdir = projectorBundleDir): Promise<{ outdir: string; metafile: Metafile }> {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build(lambdaBuildOptions(join(root, "projector", "handler.ts"), outdir));
  return { outdir, metafile: result.metafile };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outdir, metafile } = await bundleHandler();
  for (const [file, output] of Object.entries(metafile.outputs)) console.log(`${file}: ${(output.bytes / 1024).toFixed(0)} KiB`);
  console.log(`bundle written to ${outdir.replace(root, "")}`);
}
