import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Identity } from '../constructs/identity';

export interface IdentityStackProps extends StackProps {
  webOrigin: string;
  domainPrefix: string;
}

/** Who may sign in (Cognito): stateful, kept on delete, and depending on no other stack. */
export class IdentityStack extends Stack {
  readonly identity: Identity;

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id, props);
    this.identity = new Identity(this, 'Identity', { webOrigin: props.webOrigin, domainPrefix: props.domainPrefix });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'WebClientId', { value: this.identity.webClient.userPoolClientId });
    new CfnOutput(this, 'SignInDomain', { value: this.identity.domainUrl });
  }
}
