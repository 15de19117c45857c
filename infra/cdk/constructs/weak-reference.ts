import { type CfnElement, Stack } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { IConstruct } from 'constructs';

/**
 * Values that one stack reads from another without a CloudFormation export. An export locks what it
 * exports: a release that removes a function the observability stack watches would fail ("export in
 * use"). Here the producing stack writes the value to an SSM parameter
 * (`/hotline/<deployment>-<stage>/refs/<logical id>/<attribute>`) and the consuming stack reads it
 * when it is deployed; the producer may drop the parameter with the resource, and the consumer's
 * next deployment (the app deploys it after its producers) stops reading it.
 *
 * @example
 * ```ts
 * const refs = new WeakReferences(this, 'anhui-prod');
 * const name = refs.value(fn, 'FunctionName', fn.functionName);
 * ```
 */
export class WeakReferences {
  constructor(
    private readonly consumer: Stack,
    private readonly deploymentName: string,
  ) {}

  /** The SSM parameter name under which `resource`'s `attribute` is passed. */
  static parameterName(deploymentName: string, logicalId: string, attribute: string): string {
    return `/hotline/${deploymentName}/refs/${logicalId}/${attribute}`;
  }

  /**
   * `value` (an attribute of `resource`) as the consumer reads it: unchanged in the same stack,
   * otherwise through an SSM parameter that `resource`'s stack writes.
   */
  value(resource: IConstruct, attribute: string, value: string): string {
    const producer = Stack.of(resource);
    if (producer === this.consumer) return value;
    const element = (resource.node.defaultChild ?? resource) as CfnElement;
    const logicalId = producer.getLogicalId(element);
    const parameterName = WeakReferences.parameterName(this.deploymentName, logicalId, attribute);
    const id = `WeakRef${logicalId}${attribute}`;
    if (!producer.node.tryFindChild(id)) {
      new ssm.StringParameter(producer, id, {
        parameterName,
        stringValue: value,
        description: `${attribute} of ${logicalId}, read by ${this.consumer.stackName} when it deploys`,
      });
    }
    return ssm.StringParameter.valueForStringParameter(this.consumer, parameterName);
  }
}
