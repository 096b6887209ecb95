import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';

/** CloudAdapter with its activity entry point open to our HTTP layer, which owns the response. */
export class ClaimsAdapter extends CloudAdapter {
  processInbound(
    authorization: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}
