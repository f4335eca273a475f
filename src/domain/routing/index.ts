/** Routing: who gets a lead, from a policy, the lead's subject and a snapshot of shared state. */
export type { MemberState, PoolState, RepLoad, RoutingDecision, RoutingSnapshot, Skip, SkipReason } from './types.js';
export { emptyLoad } from './types.js';
export { routeLead, type RouteInput } from './route.js';
export { routeWithinPool } from './route-within-pool.js';
export { poolsNeeded, repsNeeded } from './pools-needed.js';
export { syncPoolState } from './pool-state.js';
export { pickWeightedRoundRobin } from './weighted-round-robin.js';
export { pickLowestLoad } from './lowest-load.js';
export { assignedToday, loadAfterAssignment, poolSkipReason, repCalendar, unavailability } from './eligibility.js';
