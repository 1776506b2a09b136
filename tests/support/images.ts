import sharp from "sharp";

/** A picture made for a test: a solid colour at the given size, as JPEG. */
export const testJpeg = (width = 800, height = 600, background = { r: 30, g: 140, b: 90 }) =>
  sharp({ create: { width, height, channels: 3, background } })
    .jpeg()
    .toBuffer();

/** Sends a file with a presigned upload form, as a browser does: the fields first, then the file. */
export async function postUpload(
  target: { url: string; fields: Record<string, string> },
  file: Buffer,
  override: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...target.fields, ...override })) form.append(name, value);
  form.append("file", new Blob([new Uint8Array(file)]));
  const response = await fetch(target.url, { method: "POST", body: form });
  return { status: response.status, text: await response.text() };
}

/** Waits until the image function has dealt with an upload; its status as the API reports it. */
export async function processedStatus(apiUrl: string, attachmentId: string): Promise<{ status: string; reason?: string; thumbUrl?: string }> {
  for (let waited = 0; waited < 15_000; waited += 50) {
    const body = (await (await fetch(`${apiUrl}/api/attachments/${attachmentId}`)).json()) as { status: string };
    if (body.status !== "uploading") return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`upload ${attachmentId} was never processed`);
}

/** An image uploaded and processed through the API, ready to attach: its id. */
export async function readyImage(apiUrl: string, file: Buffer, contentType = "image/jpeg"): Promise<string> {
  const prepared = (await (
    await fetch(`${apiUrl}/api/attachments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ contentType, size: file.length }),
    })
  ).json()) as { attachmentId: string; upload: { url: string; fields: Record<string, string> } };
  const uploaded = await postUpload(prepared.upload, file);
  if (uploaded.status !== 204) throw new Error(`upload refused: ${uploaded.status} ${uploaded.text}`);
  const { status } = await processedStatus(apiUrl, prepared.attachmentId);
  if (status !== "ready") throw new Error(`image ${status}`);
  return prepared.attachmentId;
}
