/** Where each face of the API is mounted (below the stage or the site's origin). */
export const trpcBasePath = "/trpc";
export const restBasePath = "/api";
