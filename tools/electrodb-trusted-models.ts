import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Plugin } from "esbuild";

/**
 * ElectroDB checks every model against its jsonschema when an Entity is built, and again (6 times
 * per entity) when a Service tests whether what it was given is a model or an Entity. For the
 * board's own static models that is ≈ 14 ms of every cold start spent proving what a test already
 * proves (tests/electrodb-models.test.ts runs the full check on the unbundled library). This
 * plugin lets the Lambda bundle's ElectroDB skip the check for objects registered in
 * entities/trusted-models.ts, and only for those: two guarded early returns, and the jsonschema
 * validator made on the first check that needs it (a cold start's import then never evaluates
 * jsonschema: ≈ 5 M instructions), nothing else changes.
 *
 * The patch is tied to the exact source it was written against: if ElectroDB's validations.js
 * changes (an upgrade), the build stops and says so, rather than silently patching something else.
 */
export const patchedSourceSha256 = "97bd871256855ad768eb836aa21b44dde98f43cd90bc381b10237dbecc26d93d";

const registry = 'const __trusted = (globalThis[Symbol.for("serverless-board.electrodb.trusted")] ??= new WeakMap());';
const schemas =
  'v.addSchema(Attribute, "/Attribute");\nv.addSchema(Index, "/Index");\nv.addSchema(Filters, "/Filters");\nv.addSchema(ModelBeta, "/ModelBeta");\nv.addSchema(Modelv1, "/Modelv1");';
const edits: [string, string][] = [
  ["function validateModel(model = {}) {", `${registry}\nfunction validateModel(model = {}) {\n  if (__trusted.get(model) === "model") return;`],
  ["function testModel(model) {", 'function testModel(model) {\n  const trust = __trusted.get(model);\n  if (trust) return [trust === "model", ""];'],
  // The jsonschema validator, loaded and given its schemas on the first check: with every model trusted, never.
  [
    'const Validator = require("jsonschema").Validator;',
    'let __validator;\nfunction validator() {\n  if (__validator) return __validator;\n  const Validator = require("jsonschema").Validator;',
  ],
  [schemas, ""],
  ["let v = new Validator();", `const v = new Validator();\n${schemas}\n  return (__validator = v);\n}`],
  ["let betaErrors = v.validate(model, ModelBeta).errors;", "let betaErrors = validator().validate(model, ModelBeta).errors;"],
  ["let errors = v.validate(model, Modelv1).errors;", "let errors = validator().validate(model, Modelv1).errors;"],
];

/** ElectroDB's validations.js with the two early returns and the validator made on first use; throws if the source is not the one this was written for. */
export function patchValidations(source: string, path = "electrodb/src/validations.js"): string {
  const sha256 = createHash("sha256").update(source).digest("hex");
  if (sha256 !== patchedSourceSha256) {
    throw new Error(
      `${path} is not the source the trusted-models patch was written for (sha256 ${sha256}, expected ${patchedSourceSha256}). ` +
        "ElectroDB changed: re-read validateModel/testModel, adapt tools/electrodb-trusted-models.ts, and update the hash.",
    );
  }
  return edits.reduce((patched, [from, to]) => {
    if (patched.split(from).length !== 2) throw new Error(`${path}: expected exactly one "${from}"`);
    return patched.replace(from, to);
  }, source);
}

export const electrodbTrustedModels: Plugin = {
  name: "electrodb-trusted-models",
  setup(build) {
    build.onLoad({ filter: /[\\/]electrodb[\\/]src[\\/]validations\.js$/ }, (args) => ({
      contents: patchValidations(readFileSync(args.path, "utf8"), args.path),
      loader: "js",
    }));
  },
};
