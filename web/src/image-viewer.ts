import type { Comment } from "@serverless-board/client";
import { h } from "./dom.js";
import { t } from "./i18n/index.js";

type Image = Comment["attachments"][number];

/**
 * The full image over the thread, in a modal <dialog>: ← → (or a swipe) for the item's other
 * images, Escape or × to close, its description shown under it. Opening adds a history entry, so
 * Back closes the viewer and stays on the thread; closing it another way takes that entry back.
 * Focus returns to the thumbnail that opened it.
 */
export function openImageViewer(images: Image[], start: number, opener: HTMLElement): void {
  let index = start;
  // Not draggable: a swipe moves to the next picture instead of dragging this one away.
  const picture = h("img", { class: "viewer-image", alt: "", draggable: "false" });
  const caption = h("p", { class: "viewer-caption", id: "viewer-caption" });
  const position = h("p", { class: "viewer-position", "aria-live": "polite" });
  const previous = h("button", { type: "button", class: "viewer-nav", "aria-label": t().previousImage }, "‹");
  const next = h("button", { type: "button", class: "viewer-nav", "aria-label": t().nextImage }, "›");
  const close = h("button", { type: "button", class: "viewer-close", "aria-label": t().closeImage }, "×");
  const dialog = h(
    "dialog",
    { class: "image-viewer", "aria-label": t().imageViewer, "aria-describedby": caption.id },
    close,
    h("figure", {}, picture, h("figcaption", {}, caption, images.length > 1 ? position : null)),
    images.length > 1 ? h("div", { class: "viewer-controls" }, previous, next) : null,
  );

  const show = (at: number) => {
    index = (at + images.length) % images.length;
    const image = images[index]!;
    picture.src = image.url;
    picture.alt = image.alt;
    picture.width = image.width;
    picture.height = image.height;
    caption.textContent = image.alt;
    position.textContent = t().imageOf(index + 1, images.length);
  };

  let closedByBack = false;
  const onBack = () => {
    closedByBack = true;
    dialog.close();
  };
  dialog.addEventListener("close", () => {
    window.removeEventListener("popstate", onBack);
    dialog.remove();
    if (!closedByBack) history.back();
    opener.focus();
  });
  previous.addEventListener("click", () => show(index - 1));
  next.addEventListener("click", () => show(index + 1));
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "ArrowLeft") show(index - 1);
    if (event.key === "ArrowRight") show(index + 1);
  });
  // A swipe sideways on a touch screen moves through the images; a tap outside the picture closes.
  let touchStart: number | undefined;
  dialog.addEventListener("pointerdown", (event) => (touchStart = event.clientX));
  dialog.addEventListener("pointerup", (event) => {
    if (touchStart === undefined) return;
    const moved = event.clientX - touchStart;
    touchStart = undefined;
    if (images.length > 1 && Math.abs(moved) > 50) show(moved < 0 ? index + 1 : index - 1);
    else if (event.target === dialog) dialog.close();
  });

  show(start);
  document.body.append(dialog);
  // Same address, new entry: the router draws nothing for it, and Back lands here to close.
  history.pushState({ ...history.state, viewer: true }, "");
  window.addEventListener("popstate", onBack, { once: true });
  dialog.showModal();
  close.focus();
}
