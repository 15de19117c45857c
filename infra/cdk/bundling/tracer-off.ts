/**
 * Stands in for `@aws-lambda-powertools/tracer` and its `/middleware` in the bundles of a deployment
 * with tracing off (the China regions, where Lambda has no X-Ray integration): the same names, doing
 * nothing, so that the X-Ray SDK is not bundled. Only the bundler uses this file (an esbuild alias
 * set by HotlineFunction); the handlers keep importing the real package.
 */

/** middy refuses a middleware without one of before, after or onError. */
type Middleware = { before: () => void };

export class Tracer {
  isTracingEnabled(): boolean {
    return false;
  }
  isTraceSampled(): boolean {
    return false;
  }
  getSegment(): undefined {
    return undefined;
  }
  getRootXrayTraceId(): undefined {
    return undefined;
  }
  setSegment(): void {}
  putAnnotation(): void {}
  putMetadata(): void {}
  addErrorAsMetadata(): void {}
  addResponseAsMetadata(): void {}
  addServiceNameAnnotation(): void {}
  annotateColdStart(): void {}
  captureAWS<T>(aws: T): T {
    return aws;
  }
  captureAWSClient<T>(client: T): T {
    return client;
  }
  captureAWSv3Client<T>(client: T): T {
    return client;
  }
  captureLambdaHandler() {
    return (_target: unknown, _key: unknown, descriptor: unknown) => descriptor;
  }
  captureMethod() {
    return (_target: unknown, _key: unknown, descriptor: unknown) => descriptor;
  }
}

/** The middy middleware: nothing to do when nothing is traced. */
export const captureLambdaHandler = (_tracer?: unknown, _options?: unknown): Middleware => ({
  before: () => {},
});
