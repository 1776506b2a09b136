import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import type { ITerraformDependable } from "cdktf";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object/index.js";
import mime from "mime";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { cacheControlFor } from "../web/cache-control.js";

const placeholderPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>serverless-board</title></head>
<body><h1>serverless-board</h1><p>The API is at <a href="/api/docs">/api/docs</a>. The web board is not built yet.</p></body></html>
`;

function filesUnder(dir: string): string[] {
  // Dot files (the build's own record) are not the site's.
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith("."))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** The built web board (web/dist) uploaded to the site bucket with the right content types; a placeholder page without a build. */
export class SiteContent extends Construct {
  readonly objects: S3Object[];

  constructor(scope: Construct, id: string, props: { bucket: string; sourceDir: string; after?: ITerraformDependable[] }) {
    super(scope, id);
    if (!existsSync(join(props.sourceDir, "index.html"))) {
      this.objects = [
        new S3Object(this, "index.html", {
          bucket: props.bucket,
          key: "index.html",
          content: placeholderPage,
          contentType: "text/html; charset=utf-8",
          cacheControl: cacheControlFor("index.html"),
          dependsOn: props.after,
        }),
      ];
      return;
    }
    // One asset for the directory keeps the output free of absolute paths.
    const asset = new TerraformAsset(this, "files", { path: props.sourceDir, type: AssetType.DIRECTORY });
    this.objects = filesUnder(props.sourceDir).map((file) => {
      const key = relative(props.sourceDir, file).split(sep).join("/");
      const type = mime.getType(file) ?? "application/octet-stream";
      return new S3Object(this, key, {
        bucket: props.bucket,
        key,
        source: `${asset.path}/${key}`,
        sourceHash: createHash("md5").update(readFileSync(file)).digest("hex"),
        contentType: /^text\/|javascript|json|svg/.test(type) ? `${type}; charset=utf-8` : type,
        cacheControl: cacheControlFor(key),
        dependsOn: props.after,
      });
    });
  }
}
