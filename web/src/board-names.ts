/**
 * Boards' names as the pages that read them saw them (the list, a board's page), so a thread's
 * way back can say "← 자유게시판" without another request; the slug until one was seen.
 */
export const boardNames = new Map<string, string>();
