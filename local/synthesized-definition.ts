import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { stackNames, synthWithoutBundling } from '../infra/build-app';

/** A fake but well-formed ARN for a template resource, for the local runtime. */
export const localArn = (logicalId: string): string => `arn:aws:lambda:eu-central-1:000000000000:function:${logicalId}`;

/** Resolves the intrinsics CDK leaves in a DefinitionString (Fn::Join of strings, Ref, Fn::GetAtt). */
export function resolveIntrinsics(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v['Fn::Join'])) {
      const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(resolveIntrinsics).join(sep);
    }
    if (Array.isArray(v['Fn::GetAtt'])) return localArn(String((v['Fn::GetAtt'] as string[])[0]));
    if (typeof v.Ref === 'string') {
      const ref = v.Ref;
      if (ref === 'AWS::Partition') return 'aws';
      if (ref === 'AWS::Region') return 'eu-central-1';
      if (ref === 'AWS::AccountId') return '000000000000';
      if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
      return localArn(ref);
    }
  }
  throw new Error(`cannot resolve intrinsic ${JSON.stringify(value)}`);
}

export interface SynthesizedStateMachine {
  logicalId: string;
  definition: Record<string, unknown> & { StartAt: string; States: Record<string, Record<string, unknown>> };
}

/** Every state machine of the workflow stack's synthesized template, definitions resolved. */
export function stateMachinesFromAssembly(assembly: CloudAssembly): SynthesizedStateMachine[] {
  const template = assembly.getStackByName(stackNames.workflow).template as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine')
    .map(([logicalId, r]) => ({
      logicalId,
      definition: JSON.parse(resolveIntrinsics(r.Properties.DefinitionString)) as SynthesizedStateMachine['definition'],
    }));
}

/** Synthesizes the CDK app in-process (no bundling) and returns both workflows' definitions. */
export function synthesizedWorkflows(context: Record<string, unknown> = {}) {
  const { assembly } = synthWithoutBundling(context);
  const machines = stateMachinesFromAssembly(assembly);
  const find = (prefix: string) => {
    const machine = machines.find((m) => m.logicalId.startsWith(prefix));
    if (!machine) throw new Error(`the workflow stack has no ${prefix} state machine`);
    return machine;
  };
  return { referral: find('ReferralWorkflow'), consultation: find('ConsultationWorkflow') };
}

/**
 * The same, synthesized in a child process (see synth-workflows.ts): the CDK library is
 * large, and a long-running local stack need not keep it in memory.
 */
export async function synthesizeWorkflowsInChild(context: Record<string, unknown> = {}): Promise<ReturnType<typeof synthesizedWorkflows>> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const script = fileURLToPath(new URL('./synth-workflows.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [tsx, script, JSON.stringify(context)], {
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CDK_VALIDATION: 'false' },
  });
  return JSON.parse(stdout) as ReturnType<typeof synthesizedWorkflows>;
}

export function synthesizedReferralWorkflow(context: Record<string, unknown> = {}): SynthesizedStateMachine {
  return synthesizedWorkflows(context).referral;
}
