import { z } from "../zod.js";
import { publicProcedure, router } from "../trpc.js";
import { attachmentId, attachmentStatus, preparedUpload, uploadRequest } from "../schemas.js";
import { errors } from "./errors.js";

const tags = ["images"];

export function createAttachmentsRouter() {
  return router({
    prepare: publicProcedure
      .meta({
        openapi: {
          method: "POST",
          path: "/attachments",
          tags,
          protect: false,
          summary: "Prepare an image upload",
          description:
            "Answers with a presigned upload for this one file (its type and exact size are enforced by the bucket, for five minutes). Upload it, wait until its status is `ready`, then name it in a post's or comment's `attachments`. Counts as a write.",
          successDescription: "Created",
          errorResponses: errors.prepareUpload,
        },
        rest: { successStatus: 201 },
      })
      .input(uploadRequest)
      .output(preparedUpload)
      .mutation(({ ctx, input }) => ctx.operations.attachments.prepare(input)),

    get: publicProcedure
      .meta({
        openapi: {
          method: "GET",
          path: "/attachments/{attachmentId}",
          tags,
          protect: false,
          summary: "What became of an upload",
          description: "`uploading` while it is processed (usually a second or two), then `ready` or `rejected` with the reason.",
          errorResponses: errors.attachmentStatus,
        },
      })
      .input(z.object({ attachmentId }))
      .output(attachmentStatus)
      .query(({ ctx, input }) => ctx.operations.attachments.status(input)),
  });
}
