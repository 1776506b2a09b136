import { BoardClientError, limits } from "@serverless-board/client";
import type { Comment } from "@serverless-board/client";
import { board } from "./api.js";
import { announce, h } from "./dom.js";
import { field, messageFor } from "./forms.js";
import { t } from "./i18n/index.js";
import { openImageViewer } from "./image-viewer.js";

type ImageState = { state: "uploading" | "processing" | "ready" | "failed"; attachmentId?: string };

export interface ImagePicker {
  element: HTMLElement;
  /** The images to send, or undefined (and the problem said, the person put on it) while one is not ready. */
  refs(): { id: string; alt: string }[] | undefined;
  clear(): void;
}

const megabytes = limits.image.uploadBytes.max / 1024 / 1024;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** POSTs the file with the presigned form, reporting progress (fetch cannot report upload progress). */
function uploadWithProgress(target: { url: string; fields: Record<string, string> }, file: File, progress: (percent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
    form.append("file", file);
    const request = new XMLHttpRequest();
    request.open("POST", target.url);
    request.upload.addEventListener("progress", (event) => event.lengthComputable && progress(Math.round((event.loaded / event.total) * 100)));
    request.addEventListener("load", () => (request.status < 300 ? resolve() : reject(new Error(`upload answered ${request.status}`))));
    request.addEventListener("error", () => reject(new Error("upload failed")));
    request.send(form);
  });
}

/**
 * Pick images for a post or comment: each is checked in the browser (type, size, how many),
 * previewed, uploaded straight to the media bucket with its progress shown, then followed until
 * the image function says it is ready or refused. Each needs a description (its alt text).
 */
export function imagePicker(formId: string, max: number): ImagePicker {
  const inputId = `${formId}-images`;
  const list = h("ul", { class: "image-list" });
  const problem = h("p", { class: "field-error", id: `${inputId}-error`, role: "alert" });
  // The native control stays (keyboard, screen readers, drag and drop) but out of sight: its own words
  // ("Choose files", "선택된 파일 없음") follow the browser, not the board; the button beside it says 사진 첨부.
  const input = h("input", {
    id: inputId,
    class: "file-input",
    type: "file",
    accept: limits.image.types.join(","),
    multiple: max > 1,
    "aria-describedby": problem.id,
  });
  const states = new Map<HTMLElement, ImageState>();
  let counter = 0;

  function add(file: File) {
    const item = h("li", { class: "image-item" });
    const preview = h("img", { class: "preview", src: URL.createObjectURL(file), alt: "" });
    const status = h("p", { class: "image-status", role: "status" }, t().imageUploading(0));
    const remove = h("button", { type: "button", class: "link-button" }, t().removeImage);
    const state: ImageState = { state: "uploading" };
    states.set(item, state);
    remove.addEventListener("click", () => {
      states.delete(item);
      const next = (item.nextElementSibling ?? item.previousElementSibling)?.querySelector<HTMLElement>("input");
      URL.revokeObjectURL(preview.src);
      item.remove();
      (next ?? input).focus();
    });
    item.append(preview, field(formId, { name: `alt-${++counter}`, label: t().describeImage, kind: "alt" }), status, remove);
    list.append(item);
    void (async () => {
      try {
        const { attachmentId, upload } = await board.attachments.prepare.mutate({
          contentType: file.type as (typeof limits.image.types)[number],
          size: file.size,
        });
        state.attachmentId = attachmentId;
        await uploadWithProgress(upload, file, (percent) => (status.textContent = t().imageUploading(percent)));
        state.state = "processing";
        status.textContent = t().imageProcessing;
        for (let tries = 0; tries < 120; tries++) {
          const answer = await board.attachments.get.query({ attachmentId });
          if (answer.status !== "uploading") {
            state.state = answer.status === "ready" ? "ready" : "failed";
            status.textContent = answer.status === "ready" ? t().imageReady : t().imageRefused[answer.reasonCode ?? "unreadable"];
            return;
          }
          await pause(500);
        }
        throw new Error("not processed in time");
      } catch (error) {
        state.state = "failed";
        status.textContent = error instanceof BoardClientError ? messageFor(error, { action: "image" }) : t().imageFailed;
      }
    })();
  }

  input.addEventListener("change", () => {
    problem.textContent = "";
    const files = [...(input.files ?? [])];
    input.value = "";
    const room = max - states.size;
    const say = (message: string) => {
      problem.textContent = message;
      announce(message);
    };
    if (files.length > room) say(t().tooManyImages(max));
    for (const file of files.slice(0, Math.max(room, 0))) {
      if (!(limits.image.types as readonly string[]).includes(file.type)) say(t().imageWrongType);
      else if (file.size > limits.image.uploadBytes.max) say(t().imageTooLarge(megabytes));
      else add(file);
    }
  });

  return {
    element: h("div", { class: "field images" }, input, h("label", { for: inputId, class: "file-button" }, t().addImages(max)), problem, list),
    refs() {
      const items = [...states.entries()];
      const waiting = items.find(([, state]) => state.state !== "ready");
      if (waiting) {
        problem.textContent = t().imagesNotReady;
        announce(t().imagesNotReady);
        waiting[0].querySelector<HTMLElement>("button")?.focus();
        return undefined;
      }
      return items.map(([item, state]) => ({ id: state.attachmentId!, alt: item.querySelector<HTMLInputElement>("input")!.value }));
    },
    clear() {
      for (const img of list.querySelectorAll("img")) URL.revokeObjectURL(img.src);
      list.replaceChildren();
      states.clear();
      problem.textContent = "";
    },
  };
}

/** The images of a post or comment: thumbnails that open the full image in the page (a link still, for a new tab). */
export function gallery(images: Comment["attachments"]): HTMLElement | null {
  if (images.length === 0) return null;
  return h(
    "ul",
    { class: "gallery" },
    ...images.map((image, index) => {
      const link = h(
        "a",
        { href: image.url },
        h("img", { src: image.thumbUrl, alt: image.alt, width: image.thumbWidth, height: image.thumbHeight, loading: "lazy" }),
      );
      link.addEventListener("click", (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        openImageViewer(images, index, link);
      });
      return h("li", {}, link);
    }),
  );
}
