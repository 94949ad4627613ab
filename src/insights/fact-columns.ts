// The columns of the `insight_facts` view, in order: the one interface between insights and the two stores that
// define the view (the hub's and the console's migrations). Tests check each store's view against this list.
export const INSIGHT_FACT_COLUMNS = [
  'request_id',
  'source',
  'action_class',
  'control',
  'sampled',
  'status',
  'agent',
  'created_at_ms',
  'decided_at_ms',
  'verdict',
  'changed',
  'decided_by',
  'outcome_status',
  'action_json',
  'decision_json',
] as const;
