// Kept in step with package.json by the meta test.
export const VERSION = '0.1.0';
