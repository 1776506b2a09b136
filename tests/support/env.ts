import { useLocalCredentials } from "../../local/bootstrap.js";

useLocalCredentials();
// Lambda does not set NODE_ENV; the tests run the same way so dev-mode behaviour cannot hide.
delete process.env.NODE_ENV;
// The suites write far more than a person would; tests/abuse.test.ts checks the limit itself.
process.env.WRITE_RATE_LIMIT = "0";
