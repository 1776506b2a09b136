import { BoardClientError, limits, textLength } from "@serverless-board/client";
import { h } from "./dom.js";
import { busy, messageFor, values } from "./forms.js";
import { t } from "./i18n/index.js";

export type ReportReason = "spam" | "abuse" | "illegal" | "other";
const reasons: ReportReason[] = ["spam", "abuse", "illegal", "other"];

/**
 * 신고: a reason (one of four) and, if the person wants, a few words; sent once. `close` gets the
 * outcome to say where the form was ("신고했습니다", or that this reader had reported it already).
 */
export function reportForm(
  formId: string,
  kind: "post" | "comment",
  send: (reason: ReportReason, text: string) => Promise<boolean>,
  close: (outcome?: string) => void,
): HTMLFormElement {
  const textId = `${formId}-text`;
  const notice = h("p", { class: "form-error", role: "alert", tabindex: -1 });
  const form = h(
    "form",
    { id: formId, class: "report-form", novalidate: true, "aria-label": t().reportForm(kind), "data-action": "report" },
    h(
      "fieldset",
      {},
      h("legend", {}, t().reportReason),
      ...reasons.map((reason, index) =>
        h(
          "label",
          { class: "choice" },
          h("input", { type: "radio", name: "reason", value: reason, ...(index === 0 ? { required: true } : {}) }),
          ` ${t().reportReasons[reason]}`,
        ),
      ),
    ),
    h(
      "div",
      { class: "field" },
      h("label", { for: textId }, t().reportText),
      h("textarea", { id: textId, name: "text", rows: 2, "aria-describedby": `${textId}-error` }),
      h("p", { class: "field-error", id: `${textId}-error`, "data-error-for": "text" }),
    ),
    notice,
    h("div", { class: "form-actions" }, h("button", { type: "submit" }, t().sendReport), h("button", { type: "button", onclick: () => close() }, t().cancel)),
  );
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !event.isComposing && event.keyCode !== 229) close();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { reason, text = "" } = values(form);
    if (!reason) {
      notice.textContent = t().reportChooseReason;
      form.querySelector<HTMLInputElement>("input[type=radio]")?.focus();
      return;
    }
    if (textLength(text.trim()) > limits.reports.textLength.max) {
      notice.textContent = t().reportTextTooLong(limits.reports.textLength.max);
      form.querySelector<HTMLTextAreaElement>("textarea")?.focus();
      return;
    }
    try {
      const counted = await busy(form, () => send(reason as ReportReason, text.trim()));
      close(counted ? t().reported(kind) : t().reportedAlready(kind));
    } catch (error) {
      notice.textContent = error instanceof BoardClientError ? messageFor(error, { typed: true, action: "report" }) : t().errors.unexpected(true);
      notice.focus();
    }
  });
  queueMicrotask(() => form.querySelector<HTMLInputElement>("input[type=radio]")?.focus());
  return form;
}
