export { authorize, canRead } from './authorize.ts';
export { ForbiddenError } from './errors.ts';
export { ACTIONS, ALLOWED_ACTIONS, isAllowed, STAFF_ACTIONS } from './matrix.ts';
export {
  maskName,
  maskPhone,
  needsAudit,
  type PersonalDataView,
  personalDataView,
  viewRequester,
} from './personal-data.ts';
export { isUnitRole, parseRole, ROLES, type Role, roleSchema, UNIT_ROLES, type UnitRole } from './roles.ts';
export { type UnitScope, type UnitStanding, unitStanding } from './scope.ts';
export {
  type StaffClaimNames,
  type StaffContext,
  StaffTokenRefusedError,
  staffContextOf,
  TOKEN_CLOCK_TOLERANCE_SECONDS,
} from './staff-token.ts';
