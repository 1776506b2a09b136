import { describe, expect, it } from "vitest";
import { startSsmStandIn } from "../local/ssm-stand-in.js";
import { ConfigError, loadConfig } from "../api/config.js";
import { withSecretsFromParameters } from "../api/secrets.js";
import type { ParameterReader } from "../api/secrets.js";

const base = { TABLE_NAME: "board-table", AWS_REGION: "eu-west-1" };

describe("configuration", () => {
  it("reads a valid environment", () => {
    const config = loadConfig({ ...base, ALLOWED_ORIGINS: "https://a.example, http://localhost:5173", MODERATOR_TOKEN: "m".repeat(16) });
    expect(config).toMatchObject({
      tableName: "board-table",
      region: "eu-west-1",
      allowedOrigins: ["https://a.example", "http://localhost:5173"],
      moderatorToken: "m".repeat(16),
    });
  });

  it("names every bad variable in one clear error", () => {
    const attempt = () => loadConfig({ TABLE_NAME: "x", ALLOWED_ORIGINS: "https://a.example/path", MODERATOR_TOKEN: "short" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/TABLE_NAME.*AWS_REGION.*ALLOWED_ORIGINS.*MODERATOR_TOKEN/);
  });

  it("reads the accepted origin secrets (current, previous) and refuses weak or too many", () => {
    const current = "c".repeat(32);
    const previous = "p".repeat(40);
    expect(loadConfig({ ...base, ORIGIN_VERIFY_SECRETS: `${current},${previous}` }).originSecrets).toEqual([current, previous]);
    expect(loadConfig(base).originSecrets).toEqual([]);
    expect(() => loadConfig({ ...base, ORIGIN_VERIFY_SECRETS: "short" })).toThrow(/ORIGIN_VERIFY_SECRETS.*32/);
    expect(() => loadConfig({ ...base, ORIGIN_VERIFY_SECRETS: [current, previous, current].join(",") })).toThrow(/ORIGIN_VERIFY_SECRETS.*two/);
  });

  it("takes numbers as plain decimal integers only: blank, hex, exponent or fraction is a one-line error, never a silent 0", () => {
    expect(loadConfig({ ...base, WRITE_RATE_LIMIT: "120" }).writeRateLimit).toBe(120);
    expect(loadConfig({ ...base, WRITE_RATE_LIMIT: "0" }).writeRateLimit).toBe(0);
    expect(loadConfig(base).writeRateLimit).toBe(60);
    for (const value of [" ", "\t", "0x10", "1e2", "10.0", "+5", "-1", "1_000", "١٢"]) {
      expect(() => loadConfig({ ...base, WRITE_RATE_LIMIT: value }), JSON.stringify(value)).toThrow(
        /^Invalid configuration: WRITE_RATE_LIMIT: Must be a whole number written in digits/,
      );
      expect(() => loadConfig({ ...base, TRUSTED_PROXY_HOPS: value }), JSON.stringify(value)).toThrow(
        /TRUSTED_PROXY_HOPS: Must be a whole number written in digits/,
      );
    }
  });

  it("is a ConfigError by name, so the local server prints one line", () => {
    expect(() => loadConfig({})).toThrow(expect.objectContaining({ name: "ConfigError" }));
  });

  it("requires a signing secret when deployed", () => {
    expect(() => loadConfig({ ...base, NODE_ENV: "production" })).toThrow(/SIGNING_SECRET/);
    expect(() => loadConfig({ ...base, AWS_LAMBDA_FUNCTION_NAME: "fn" })).toThrow(/SIGNING_SECRET/);
    expect(loadConfig({ ...base, NODE_ENV: "production", SIGNING_SECRET: "s".repeat(32) }).signingSecret).toBe("s".repeat(32));
  });
});

describe("secrets from SSM parameters", () => {
  const parameters: Record<string, string> = {
    "/board/signing": "s".repeat(40),
    "/board/moderator": "m".repeat(20),
    "/board/origin": `${"n".repeat(32)},${"o".repeat(32)}`,
  };
  const reader: ParameterReader = async (names) => ({
    values: Object.fromEntries(names.filter((name) => parameters[name]).map((name) => [name, parameters[name]!])),
    missing: names.filter((name) => !parameters[name]),
  });

  it("fills the secrets named by *_PARAMETER variables, in one read", async () => {
    const reads: string[][] = [];
    const named = {
      SIGNING_SECRET_PARAMETER: "/board/signing",
      MODERATOR_TOKEN_PARAMETER: "/board/moderator",
      ORIGIN_VERIFY_SECRETS_PARAMETER: "/board/origin",
    };
    const env = await withSecretsFromParameters({ ...base, ...named }, async (names) => {
      reads.push(names);
      return reader(names);
    });
    expect(reads).toEqual([["/board/signing", "/board/moderator", "/board/origin"]]);
    expect(loadConfig({ ...env, NODE_ENV: "production" })).toMatchObject({
      signingSecret: "s".repeat(40),
      moderatorToken: "m".repeat(20),
      originSecrets: ["n".repeat(32), "o".repeat(32)],
    });
  });

  it("reads nothing when no parameter is named, and fails clearly on a missing one", async () => {
    const never: ParameterReader = () => Promise.reject(new Error("should not be called"));
    await expect(withSecretsFromParameters(base, never)).resolves.toEqual(base);
    await expect(withSecretsFromParameters({ ...base, SIGNING_SECRET_PARAMETER: "/board/nope" }, reader)).rejects.toThrow(
      /SSM parameters not found: \/board\/nope/,
    );
  });

  it("reads them with the real SDK client, decrypted, from SSM's API (a local stand-in answering as SSM does)", async () => {
    const ssm = await startSsmStandIn(parameters);
    const { requests } = ssm;
    const endpoint = process.env.AWS_ENDPOINT_URL_SSM;
    process.env.AWS_ENDPOINT_URL_SSM = ssm.endpoint;
    try {
      const env = await withSecretsFromParameters({ ...base, SIGNING_SECRET_PARAMETER: "/board/signing", MODERATOR_TOKEN_PARAMETER: "/board/moderator" });
      expect(env).toMatchObject({ SIGNING_SECRET: "s".repeat(40), MODERATOR_TOKEN: "m".repeat(20) });
      expect(requests).toEqual([{ target: "AmazonSSM.GetParameters", body: { Names: ["/board/signing", "/board/moderator"], WithDecryption: true } }]);
      await expect(withSecretsFromParameters({ ...base, SIGNING_SECRET_PARAMETER: "/board/missing" })).rejects.toThrow(/not found: \/board\/missing/);
    } finally {
      if (endpoint === undefined) delete process.env.AWS_ENDPOINT_URL_SSM;
      else process.env.AWS_ENDPOINT_URL_SSM = endpoint;
      await ssm.close();
    }
  });
});
