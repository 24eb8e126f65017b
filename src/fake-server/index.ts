export { startFakeServer, type FakeServer, type FakeServerOptions } from './server.js';
export { FAULT_KINDS, HARD_FAULT_KINDS, SILENT_FAULT_KINDS, TRANSIENT_FAULT_KINDS, hardFaultReply, truncatedPromptTokens, FaultPlan, FaultPlanSchema, unitHash, type FaultKind, type FaultPlanInput, type ScriptedFault } from './faults.js';
export { emptyStats, statsSnapshot, type ContentStats, type Endpoint, type EndpointStats, type FakeServerStats } from './stats.js';
export { chatRequest, completionRequest, ChatBodySchema, CompletionBodySchema } from './protocol.js';
export { RULE_SETS, checkRequest, firedStop, noCompletions, requestedSchema, type Refusal, type RuleSet } from './rules.js';
