declare module 'asl-validator' {
  /** Validates an Amazon States Language definition (it mutates its argument: pass a copy). */
  export default function aslValidator(definition: unknown): {
    isValid: boolean;
    errorsText: (separator?: string) => string;
  };
}
