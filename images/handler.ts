import { imageFunctionFromEnvironment } from "./image-function.js";

/** The image function's entry point (`s3:ObjectCreated:*` on `uploads/` of the media bucket). */
export const handler = imageFunctionFromEnvironment();
