export { SimTeacher } from './sim-teacher.js';
export { SIM_MODEL, applyLimits, estimateTokens, simContext, simSeedKey, simStage, simulate } from './simulate.js';
export { STAGES, recognise, type SimContext, type SimStage } from './stages/index.js';
export { BAD_RATES, generateTask, type BadKind, type GeneratedTask, type SimTask } from './tasks.js';
