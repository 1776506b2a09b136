import { expect } from "vitest";
import { BoardError } from "../../api/board/errors.js";

/** The BoardError a domain call is refused with (the test fails if it resolves or throws anything else). */
export async function refusal(promise: Promise<unknown>): Promise<BoardError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BoardError);
  return error as BoardError;
}
