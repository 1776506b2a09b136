/**
 * Where the Lambda adapter leaves a problem it found in the event (a body that is not UTF-8) for
 * the app to answer: on the event object the app receives as `c.env.event`, which only the adapter
 * builds, so no client can set it.
 */
export const requestProblemKey = "boardRequestProblem";

export type EventWithProblem = { [requestProblemKey]?: string | undefined };
