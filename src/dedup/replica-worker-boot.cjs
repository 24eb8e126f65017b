// Entry of the dedup worker threads when Distillery runs from its TypeScript sources (tsx,
// vitest, the CLI bundle). On Node 20, workers do not inherit tsx's ESM loader hooks (neither
// through --import nor module.register), but tsx's CommonJS hook installs inside the thread.
// Tinypool calls the default export: the replica worker's handler.
require('tsx/cjs/api').register();
module.exports = require('./replica-worker.ts').default;
