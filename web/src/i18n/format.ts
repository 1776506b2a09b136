/**
 * Numbers and dates read in the page's language: whatever <html lang> says (the language module
 * sets it), so the interface never mixes, e.g., Korean words with English dates.
 */
export const locale = (): string | undefined => document.documentElement.lang || undefined;

export const num = (value: number): string => value.toLocaleString(locale());
