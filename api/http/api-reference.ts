/**
 * The browsable API reference (Swagger UI): the page the function serves at /api/docs, and the
 * static files it loads from /api/docs/… — published with the web board (web/vite.config.ts) and
 * served from the site bucket by CloudFront's `/api/docs/*` behaviour (and by `npm start`), so the
 * function's zip carries none of Swagger UI's half a megabyte.
 */

/** Swagger UI's files the page loads, from the swagger-ui-dist package, with their content types. */
export const swaggerUiFiles: Record<string, string> = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
};

/** Where the files are published, relative to the site root (the page's relative URLs point there). */
export const apiReferenceFilesDir = "api/docs";

// validatorUrl: null: Swagger UI would otherwise fetch a validity badge from an outside host (and the CSP blocks it).
export const apiReferenceInitScript = `window.ui = SwaggerUIBundle({ url: "openapi.json", dom_id: "#api-reference", deepLinking: true, validatorUrl: null });\n`;

// Relative URLs keep working under any stage name or custom-domain base path.
export const apiReferencePage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>serverless-board API</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
<div id="api-reference"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/init.js"></script>
</body>
</html>
`;
