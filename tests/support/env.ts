import { useLocalCredentials } from "../../local/bootstrap.js";

useLocalCredentials();
// Lambda does not set NODE_ENV; the tests run the same way so dev-mode behaviour cannot hide.
delete process.env.NODE_ENV;
