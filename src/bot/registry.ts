/** Every text command and card verb the bot understands. Order of COMMANDS = order in `help`. */
import { claimCommentAction } from './actions/claim.comment.action';
import { claimCreateAction } from './actions/claim.create.action';
import { claimHistoryAction } from './actions/claim.history.action';
import { claimInfoAction } from './actions/claim.info.action';
import { claimMetricsAction } from './actions/claim.metrics.action';
import { claimNewAction } from './actions/claim.new.action';
import { claimRefreshAction } from './actions/claim.refresh.action';
import { claimSubmitAction } from './actions/claim.submit.action';
import { claimsPageAction } from './actions/claims.page.action';
import { overviewShowAction } from './actions/overview.show.action';
import { claimCommand } from './commands/claim.command';
import { claimsCommand } from './commands/claims.command';
import { fundsCommand } from './commands/funds.command';
import { helpCommand } from './commands/help.command';
import { newClaimCommand } from './commands/new-claim.command';
import { overviewCommand } from './commands/overview.command';
import type { CardAction, Command } from './router';

export const COMMANDS: readonly Command[] = [helpCommand, newClaimCommand, claimsCommand, claimCommand, overviewCommand, fundsCommand];

export const ACTIONS: readonly CardAction[] = [
  claimNewAction,
  claimCreateAction,
  claimRefreshAction,
  claimCommentAction,
  claimMetricsAction,
  claimInfoAction,
  claimHistoryAction,
  claimSubmitAction,
  claimsPageAction,
  overviewShowAction,
];
