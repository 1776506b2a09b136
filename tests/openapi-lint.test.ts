/**
 * The OpenAPI document through Spectral's OWASP API Security ruleset (2023), the rules that fit
 * a public, anonymous board enforced. The rest are named below with the reason they do not fit.
 */
import { describe, expect, it } from "vitest";
import spectralCore from "@stoplight/spectral-core";
import { Json } from "@stoplight/spectral-parsers";
import owaspRuleset from "@stoplight/spectral-owasp-ruleset";
import { buildOpenApiDocument } from "../api/http/openapi-document.js";
import { appRouter } from "../api/router.js";

const { Spectral, Document } = spectralCore;

/** Rules whose findings are not defects here, and why. */
const notForThisApi: Record<string, string> = {
  "owasp:api2:2023-read-restricted": "reading a public board needs no credentials, by design",
  "owasp:api2:2023-write-restricted": "anyone may post or comment (anonymous board); edits and deletes do need the item's edit token",
  "owasp:api8:2023-define-error-responses-401": "public operations never answer 401; protected ones document it",
  "owasp:api4:2023-rate-limit": "no X-RateLimit-* headers are sent; 429 carries Retry-After, which the document names",
  "owasp:api8:2023-define-cors-origin":
    "the web board is same-origin through CloudFront; CORS for other origins is the function's allow-list, not per response",
  "owasp:api9:2023-inventory-access": "one public API, no internal servers to tell apart",
  "owasp:api4:2023-string-restricted": "free text (titles, bodies, names) cannot have a format or pattern; ids and slugs do",
};

/** Rules about the shape of what a client may send: enforced on parameters and request bodies. Responses are the server's own output. */
const requestOnly = new Set(["owasp:api4:2023-string-limit", "owasp:api4:2023-array-limit", "owasp:api4:2023-integer-format"]);

describe("the OpenAPI document under the OWASP API Security ruleset", () => {
  it("has no finding from the rules that fit a public anonymous board", async () => {
    const spectral = new Spectral();
    spectral.setRuleset({ extends: [[owaspRuleset as never, "all"]] });
    const document = buildOpenApiDocument(appRouter);
    const results = await spectral.run(new Document(JSON.stringify(document), Json));
    const findings = results
      .filter((result) => !(String(result.code) in notForThisApi))
      .filter((result) => !requestOnly.has(String(result.code)) || result.path.some((segment) => segment === "parameters" || segment === "requestBody"))
      .map((result) => `${String(result.code)} at ${result.path.join(".")}: ${result.message}`);
    expect(findings).toEqual([]);
    // The rules really ran: the excluded ones still find what they look for.
    expect(results.some((result) => result.code === "owasp:api2:2023-read-restricted")).toBe(true);
  });
});
