// Public surface of caller authentication: verify a bearer token into a `Caller` with scopes.
export {
  CallerAuthError,
  createCallerVerifier,
  type Caller,
  type CallerAuthReason,
  type CallerVerifier,
  type CallerVerifierOptions,
} from './verify-caller.ts';
