/** The package version; a test keeps it equal to package.json's, and `npm version` rewrites it. */
export const VERSION = '0.1.0';
