import type { limits } from "@serverless-board/client";
import { num } from "./format.js";

type Kind = "post" | "comment";
/** What a person was doing when the board said no: its messages say it in those words. */
export type Action = "post" | "comment" | "edit" | "delete" | "image" | "check" | "board" | "vote" | "unlock" | "report";

const count = (n: number, one: string, other: string) => `${num(n)} ${n === 1 ? one : other}`;
const commentCount = (n: number) => count(n, "comment", "comments");

/**
 * Every word the web board shows, in English. The Korean catalog has the same keys (the type
 * checker holds it to this one); numbers go through `num` so they read in the page's language.
 */
export const en = {
  siteDescription: "A bulletin board",
  skipToContent: "Skip to content",
  boardsNav: "Boards",
  languageGroup: "Language",
  pageTitle: (what: string) => `${what} · serverless-board`,
  notFound: "Not found",
  goToBoard: "Go to the board list",
  allBoards: "All boards",

  boardListHeading: "Boards",
  noBoards: "No boards yet. The moderator opens them (Manage boards).",
  loadingBoards: "Loading boards…",
  couldNotLoadBoards: "Could not load the boards.",
  postTotal: (n: number) => count(n, "post", "posts"),
  latestPost: "latest",
  noPostsYet: "no posts yet",
  noSuchBoard: "No such board",
  noSuchBoardText: (slug: string) => `There is no board at “${slug}”. The address may be mistyped: the list has every board.`,
  seeAllBoards: "See all boards",

  colNumber: "No.",
  colTitle: "Title",
  colAuthor: "Author",
  colDate: "Date",
  colViews: "Views",
  colUpvotes: "Likes",
  boardTabs: "Lists",
  allPosts: "All posts",
  bestPosts: "Best",
  bestHeading: (board: string) => `${board}: best`,
  bestRule: (upvotes: number, days: number) => `Posts with ${count(upvotes, "like", "likes")} within ${count(days, "day", "days")} of being written.`,
  bestRuleLegend: "Best: what puts a post there",
  bestRuleUpvotes: "Likes it needs",
  bestRuleDays: "Within days of being written",
  noBestPosts: "No best posts yet: a post gets here with enough likes.",
  upvote: "Like",
  downvote: "Dislike",
  voteSaved: (vote: "up" | "down" | "none"): string =>
    vote === "up" ? "You like this post." : vote === "down" ? "You dislike this post." : "Your vote is taken back.",
  viewCount: (n: number) => count(n, "view", "views"),
  notice: "Notice",
  commentsInTitle: (n: number) => commentCount(n),
  imagesInTitle: "with images",
  pagesNav: "Pages",
  previousPages: "Previous",
  nextPages: "Next",
  pageLabel: (n: number) => `Page ${num(n)}`,
  pageHeading: (name: string, page: number) => (page > 1 ? `${name}, page ${num(page)}` : name),

  pinNotice: "Pin as notice",
  unpinNotice: "Unpin notice",
  pinnedNotice: "Pinned: it heads the board's pages in a moment.",
  unpinnedNotice: "Unpinned: it leaves the top of the board in a moment.",
  noticeBadge: "Notice",
  postNumber: (n: number) => `No. ${num(n)}`,

  manageBoards: "Manage boards",
  moderatorOnly: "Only the moderator manages boards: turn on Moderator mode first.",
  openBoard: "Open a board",
  boardSlug: "Address (letters, digits, dashes)",
  boardName: "Name",
  boardDescription: "Description (optional)",
  moveUp: (name: string) => `Move ${name} up`,
  moveDown: (name: string) => `Move ${name} down`,
  boardOpened: (name: string) => `Opened “${name}”.`,
  boardSaved: (name: string) => `Saved “${name}”.`,
  boardMoved: (name: string) => `Moved “${name}”.`,
  slugTaken: "A board has this address already.",

  moderatorMode: "Moderator mode",
  leaveModeratorMode: "Leave moderator mode",
  moderatorToken: "Moderator token",
  check: "Check",
  checking: "Checking…",
  cancel: "Cancel",
  enterModeratorToken: "Enter the moderator token.",
  wrongModeratorToken: "That is not the moderator token.",
  couldNotCheckToken: "Could not check the token.",
  moderatorOn: "Moderator mode on: you can edit and delete anything.",
  moderatorOff: "Moderator mode off",

  postsOn: (board: string) => `Posts on ${board}`,
  loadingPosts: "Loading posts…",
  noPosts: "No posts yet. Write the first one!",
  couldNotLoadPosts: "Could not load the posts.",
  loadMorePosts: "Load more posts",
  pressToRetry: (button: string) => `Press "${button}" to try again.`,
  tryAgain: "Try again",
  writePost: "Write a post",
  title: "Title",
  text: "Text",
  yourName: "Your name",
  publish: "Post",
  postPublished: "Post published",
  byAuthor: (author: Node | string): (Node | string)[] => ["by ", author],
  moderatorMark: "Moderator",
  reservedNames: "Reserved names",
  reservedNamesLabel: "Names only the moderator may post under, one a line",
  reservedAlways: (names: string) => `Always reserved: ${names}. Spaces, digits and signs do not matter (운 영 자 is 운영자).`,
  reservedNamesSaved: (count: number) => `Saved ${num(count)} reserved ${count === 1 ? "name" : "names"}.`,
  nameReserved: "Only the board's moderator may use this name: choose another.",
  moderatorMarkTitle: "Written by the board's moderator",
  posterTagTitle: "The writer's tag: the same for one writer on this board today",
  justNow: "just now",
  commentCount,

  search: "Search",
  searchLabel: "Search",
  searchBoard: (board: string) => `Search ${board}`,
  searchWhere: "Where to search",
  searchScope: { all: "Everything", title: "Titles", body: "Texts", author: "Authors" },
  searchEmpty: "Type what to look for.",
  searchHeading: (q: string) => `Search: “${q}”`,
  searching: "Searching…",
  searchFurther: "Search further",
  resultsShown: (n: number, more: boolean) => `${count(n, "post", "posts")} found${more ? " so far" : ""}`,
  noResults: (q: string, board: string) => `No posts on ${board} match “${q}”.`,
  noResultsYet: (q: string) => `No posts matching “${q}” among the newest. Search further to look at older ones.`,
  couldNotSearch: "Could not search.",

  loading: "Loading…",
  postMissing: "This post does not exist (any more).",
  couldNotLoadPost: "Could not load this post.",
  couldNotLoad: "Could not load",
  backToBoard: "Back to the board",
  comments: "Comments",
  commentList: "Comments",
  commentsShown: (total: number, shown: number) => `${commentCount(total)}${shown < total ? ` (${num(shown)} of ${num(total)} shown)` : ""}`,
  noComments: "No comments yet.",
  loadMoreComments: "Load more comments",
  couldNotLoadMoreComments: "Could not load more comments.",
  addComment: "Add a comment",
  comment: "Comment",
  sendComment: "Comment",
  commentAdded: "Comment added",
  commentAddedAtEnd: "Comment added at the end of the thread",
  edited: (when: Node): (Node | string)[] => ["edited ", when],
  deletedPost: (title: string, comments: number) => `Deleted “${title}”${comments > 0 ? ` and its ${commentCount(comments)}` : ""}.`,

  edit: "Edit",
  delete: "Delete",
  save: "Save",
  editItem: (kind: Kind): string => (kind === "post" ? "Edit post" : "Edit comment"),
  discardChanges: (kind: Kind) => `Discard your changes to this ${kind}?`,
  itemSaved: (kind: Kind): string => (kind === "post" ? "Post saved" : "Comment saved"),
  itemDeleted: (kind: Kind): string => (kind === "post" ? "Post deleted" : "Comment deleted"),
  /** The delete confirmation, saying what goes: the post and its comments. */
  deleteQuestion: (kind: Kind, comments = 0) =>
    `Delete ${kind === "comment" ? "this comment" : comments === 0 ? "this post" : `this post and its ${commentCount(comments)}`}? This cannot be undone.`,
  couldNotDelete: "Could not delete.",
  reviewQueue: "Reports to review",
  loadingQueue: "Loading the reports…",
  queueOrder: "Order",
  queueNewest: "Newest report first",
  queueMost: "Most reports first",
  queueEmpty: "Nothing has been reported.",
  reviewComment: "(a comment)",
  reviewStatus: { open: "waiting", hidden: "hidden, waiting", dismissed: "kept", removed: "deleted" } as Record<
    "open" | "hidden" | "dismissed" | "removed",
    string
  >,
  reportsSince: (n: number) => `${num(n)} ${n === 1 ? "report" : "reports"} since the last decision`,
  allReports: "All reports",
  reportSaid: "Latest report says",
  reviewActions: { hide: "Hide", unhide: "Show again", dismiss: "Nothing wrong", delete: "Delete" } as Record<"hide" | "unhide" | "dismiss" | "delete", string>,
  reviewDone: (action: "hide" | "unhide" | "dismiss" | "delete", kind: Kind): string =>
    ({
      hide: `The ${kind} is hidden.`,
      unhide: `The ${kind} is shown again.`,
      dismiss: `The ${kind} stays; its reports are set aside.`,
      delete: `The ${kind} is deleted.`,
    })[action],
  report: "Report",
  reportForm: (kind: Kind): string => (kind === "post" ? "Report this post" : "Report this comment"),
  reportReason: "Why are you reporting it?",
  reportReasons: { spam: "Spam or advertising", abuse: "Abuse or insults", illegal: "Illegal content", other: "Something else" } as Record<
    "spam" | "abuse" | "illegal" | "other",
    string
  >,
  reportText: "What is wrong (optional)",
  sendReport: "Send report",
  reportChooseReason: "Choose a reason.",
  reportTextTooLong: (max: number) => `At most ${num(max)} characters.`,
  reported: (kind: Kind): string => `Reported. The moderator will look at this ${kind}.`,
  reportedAlready: (kind: Kind): string => `You have reported this ${kind} already.`,
  hiddenTitle: "(hidden)",
  hiddenItem: (kind: Kind): string => `This ${kind} is hidden after readers' reports, until the moderator has looked at it.`,
  passwordOptional: "Password (optional)",
  passwordHint: (min: number, kind: Kind) => `At least ${num(min)} characters. With it you can edit or delete this ${kind} from any device.`,
  passwordTooShort: (min: number) => `Passwords are at least ${num(min)} characters (or leave it empty).`,
  unlockWithPassword: "Edit with password",
  unlockForm: (kind: Kind): string => (kind === "post" ? "Unlock this post with its password" : "Unlock this comment with its password"),
  passwordLabel: "Password",
  unlock: "OK",
  unlocked: (kind: Kind) => `Password accepted: you can now edit or delete this ${kind}.`,
  wrongPassword: "That is not the password of this item.",
  noPasswordSet: "This was written without a password.",
  changedMeanwhile: "Someone changed this since you opened it. Your text is still below. ",
  loadLatest: "Load the latest version",
  latestLoaded: "Latest version loaded (shown here). Save again to replace it with your text: ",

  fields: {
    title: {
      empty: "Write a title.",
      tooLong: (max: number) => `Titles are at most ${num(max)} characters.`,
      refused: "Remove the text-direction or control characters from the title.",
    },
    postBody: {
      empty: "Write some text.",
      tooLong: (max: number) => `Posts are at most ${num(max)} characters.`,
      refused: "Remove the text-direction or control characters from the text.",
    },
    commentBody: {
      empty: "Write a comment.",
      tooLong: (max: number) => `Comments are at most ${num(max)} characters.`,
      refused: "Remove the text-direction or control characters from the comment.",
    },
    author: {
      empty: "Give your name.",
      tooLong: (max: number) => `Names are at most ${num(max)} characters.`,
      refused: "Remove the invisible or special characters from your name.",
    },
    boardSlug: {
      empty: "Give the board an address.",
      tooLong: (max: number) => `Addresses are at most ${num(max)} characters.`,
      refused: "Use only lowercase letters, digits and dashes.",
    },
    boardName: {
      empty: "Give the board a name.",
      tooLong: (max: number) => `Names are at most ${num(max)} characters.`,
      refused: "Remove the invisible or special characters from the name.",
    },
    boardDescription: {
      empty: "",
      tooLong: (max: number) => `Descriptions are at most ${num(max)} characters.`,
      refused: "Remove the text-direction or control characters from the description.",
    },
    password: { empty: "", tooLong: (max: number) => `Passwords are at most ${num(max)} characters.`, refused: "" },
    currentPassword: {
      empty: "Enter the password.",
      tooLong: (max: number) => `Passwords are at most ${num(max)} characters.`,
      refused: "",
    },
    alt: {
      empty: "Describe the image.",
      tooLong: (max: number) => `Descriptions are at most ${num(max)} characters.`,
      refused: "Remove the text-direction or control characters from the description.",
    },
  },

  addImages: (max: number): string => (max === 1 ? "Add a picture" : `Add pictures (up to ${num(max)})`),
  describeImage: "Describe this image",
  removeImage: "Remove image",
  imageViewer: "Picture",
  previousImage: "Previous picture",
  nextImage: "Next picture",
  closeImage: "Close the picture",
  imageOf: (n: number, of: number) => `${num(n)} of ${num(of)}`,
  imageUploading: (percent: number) => `Uploading… ${num(percent)}%`,
  imageProcessing: "Processing…",
  imageReady: "Ready",
  /** Why an uploaded file was refused, by the image function's reason code. */
  imageRefused: {
    "not-an-image": "This file is not a JPEG, PNG, WebP or GIF image.",
    "wrong-type": "This file is not the kind of image its name says. Save it again as JPEG or PNG.",
    "too-large": "This file is too large to upload.",
    "too-costly": "This image is too large to process. Save it smaller (at most 50 megapixels, 8 bits per colour, not interlaced) and add it again.",
    unreadable: "This image is damaged and cannot be read.",
  } satisfies Record<(typeof limits.image.refusalReasons)[number], string>,
  imageFailed: "The upload failed: remove the image and try again.",
  tooManyImages: (max: number) => `At most ${num(max)} ${max === 1 ? "image" : "images"}.`,
  imageTooLarge: (megabytes: number) => `Images are at most ${num(megabytes)} MB.`,
  imageWrongType: "Only JPEG, PNG, WebP or GIF images.",
  imagesNotReady: "Wait until every image is ready, or remove it.",
  fieldsNeedChange: (n: number) => `${num(n)} fields need a change.`,
  counter: (length: number, max: number) => `${num(length)} / ${num(max)}`,
  fieldRefused: "The board can't accept this.",

  /** What each of the API's error codes means to the person (the API's own messages stay English). */
  errors: {
    /** No answer and the browser is offline: the person's connection. */
    offline: (typed: boolean): string =>
      typed
        ? "You are offline. Your text is still here: send it again once you are connected."
        : "You are offline. This page loads by itself once you are connected again.",
    /** No answer while online, or the gateway answered for a function that did not: the board's side. */
    unreachable: (typed: boolean): string =>
      typed
        ? "The board's server is not answering right now. Your text is still here: try again in a moment."
        : "The board's server is not answering right now. This page tries again by itself.",
    /** Too many writes, said for what the person did. */
    tooMany: (seconds: number | undefined, action?: Action): string => {
      const wait = seconds ? `${num(seconds)} seconds` : "a minute";
      const what: Record<Action, string> = {
        post: `You have posted a lot in a short time: wait ${wait}, then post again.`,
        comment: `You have commented a lot in a short time: wait ${wait}, then comment again.`,
        edit: `You have saved a lot in a short time: wait ${wait}, then save again.`,
        delete: `You have deleted a lot in a short time: wait ${wait}, then delete again.`,
        image: `You have added many images in a short time: wait ${wait}, then add it again.`,
        check: `Too many token checks in a short time: wait ${wait}, then check again.`,
        board: `Too many changes in a short time: wait ${wait}, then save again.`,
        vote: `You have voted a lot in a short time: wait ${wait}, then vote again.`,
        report: `You have reported a lot in a short time: wait ${wait}, then report again.`,
        unlock: `Too many password attempts: wait ${seconds && seconds >= 120 ? `${num(Math.ceil(seconds / 60))} minutes` : wait}, then try again.`,
      };
      return action ? what[action] : `Too many changes in a short time: wait ${wait}, then try again.`;
    },
    notYours: "You can only change your own posts and comments.",
    gone: "It has been deleted.",
    conflict: "Someone changed this in the meantime: reload the page and try again.",
    refused: "The board could not accept this: reload the page and try again.",
    tooLarge: "That is too much text to send at once.",
    busy: "The board is busy right now: try again in a moment.",
    unexpected: (typed: boolean): string =>
      typed ? "Something went wrong. Your text is still here: try again." : "Something went wrong on the board: try again in a moment.",
  },
};

export type Messages = typeof en;
