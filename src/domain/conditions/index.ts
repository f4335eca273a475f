/** The policy condition language: compile once when the policy loads, evaluate per lead. */
export type { CompileResult, Condition, ConditionNode, ConditionSubject, Scalar } from './condition.js';
export { compileCondition } from './compile.js';
export { conditionPredicate, evaluateCondition, evaluateNode } from './evaluate.js';
export type { Predicate } from './predicate.js';
export { globToRegExp } from './glob.js';
