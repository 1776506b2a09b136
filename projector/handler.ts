import { projectorFromEnvironment } from "./projector-function.js";

/** The stream projector's entry point (the table's stream, through an event source mapping). */
export const handler = projectorFromEnvironment();
