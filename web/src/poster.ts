import { h } from "./dom.js";
import { t } from "./i18n/index.js";

/**
 * A writer as the board shows them: the name they typed, then either the moderator's mark or their
 * poster tag (the same for one writer on this board today), so two "ㅇㅇ" are told apart.
 */
export function poster(item: { author: string; posterTag?: string | undefined; byModerator: boolean }): HTMLElement {
  return h(
    "span",
    { class: "poster" },
    item.author,
    item.byModerator
      ? h("span", { class: "moderator-mark", title: t().moderatorMarkTitle }, t().moderatorMark)
      : item.posterTag
        ? h("span", { class: "poster-tag", title: t().posterTagTitle }, `(${item.posterTag})`)
        : "",
  );
}
