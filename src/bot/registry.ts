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
import { claimDisputeAction } from './actions/claim.dispute.action';
import { claimPayAction } from './actions/claim.pay.action';
import { reviewApproveAction } from './actions/review.approve.action';
import { reviewFeedbackAction } from './actions/review.feedback.action';
import { reviewPickUpAction } from './actions/review.pickUp.action';
import { reviewRefreshAction } from './actions/review.refresh.action';
import { reviewRejectAction } from './actions/review.reject.action';
import { reviewRequestInfoAction } from './actions/review.requestInfo.action';
import { exportCommand } from './commands/export.command';
import { grantRoleCommand } from './commands/grant-role.command';
import { queueCommand } from './commands/queue.command';
import { reviewChannelCommand } from './commands/review-channel.command';
// Documents and uploads (README: Documents and uploads)
import { documentAddAction } from './actions/document.add.action';
import { documentFormAction } from './actions/document.form.action';
import { documentListAction } from './actions/document.list.action';
import { requestCreateAction } from './actions/request.create.action';
import { requestFormAction } from './actions/request.form.action';
import { requestLinkAction } from './actions/request.link.action';
import { uploadFinishAction } from './actions/upload.finish.action';
import { remindersCommand } from './commands/reminders.command';
import type { CardAction, Command } from './router';

export const COMMANDS: readonly Command[] = [
  helpCommand,
  newClaimCommand,
  claimsCommand,
  claimCommand,
  overviewCommand,
  queueCommand,
  fundsCommand,
  reviewChannelCommand,
  grantRoleCommand,
  exportCommand,
  remindersCommand,
];

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
  reviewRefreshAction,
  reviewPickUpAction,
  reviewFeedbackAction,
  reviewRequestInfoAction,
  reviewApproveAction,
  reviewRejectAction,
  claimDisputeAction,
  claimPayAction,
  documentFormAction,
  documentAddAction,
  documentListAction,
  requestFormAction,
  requestCreateAction,
  requestLinkAction,
  uploadFinishAction,
];
