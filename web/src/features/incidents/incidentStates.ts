// The incident states as the API names them (no UI library here: the home page uses them).
/// Every state in the order of the procedure, 'triage' first (received, acknowledged,
/// verifying: the coordinator's queue).
export const incidentStates = [
  'triage',
  'received',
  'acknowledged',
  'verifying',
  'initial_response',
  'choosing_response',
  'awaiting_direction',
  'coordinating',
  'containing',
  'eradicating',
  'recovering',
  'checking',
  'reviewing',
  'escalation_proposed',
  'national_verification',
  'standing_body',
  'emergency_initial',
  'emergency_response',
  'result_evaluation',
  'closed',
  'rejected',
  'merged',
];
/// The states of an incident being handled (past triage, not finished).
export const openStates = incidentStates.filter((s) => !['triage', 'closed', 'rejected', 'merged'].includes(s));

/// The states of the triage queue (the 'triage' filter): received, acknowledged, verifying.
export const triageStates = ['received', 'acknowledged', 'verifying'];
/// Open and past triage: what the response is working on.
export const handlingStates = openStates.filter((s) => !triageStates.includes(s));
