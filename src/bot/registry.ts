/** Every text command and card verb the bot understands, built from what each needs. Order of commands = order in `help`. */
import { budgetShowAction } from './actions/budget.show.action';
import { claimCommentAction } from './actions/claim.comment.action';
import { claimCreateAction } from './actions/claim.create.action';
import { claimDisputeAction } from './actions/claim.dispute.action';
import { claimEditAction } from './actions/claim.edit.action';
import { claimEditFormAction } from './actions/claim.editForm.action';
import { claimEvidencePackAction } from './actions/claim.evidencePack.action';
import { claimHistoryAction } from './actions/claim.history.action';
import { claimInfoAction } from './actions/claim.info.action';
import { claimMetricsAction } from './actions/claim.metrics.action';
import { claimNewAction } from './actions/claim.new.action';
import { claimPayAction } from './actions/claim.pay.action';
import { claimRefreshAction } from './actions/claim.refresh.action';
import { claimSubmitAction } from './actions/claim.submit.action';
import { claimWithdrawAction } from './actions/claim.withdraw.action';
import { claimsPageAction } from './actions/claims.page.action';
import { documentAddAction } from './actions/document.add.action';
import { documentFormAction } from './actions/document.form.action';
import { documentListAction } from './actions/document.list.action';
import { documentRemoveAction } from './actions/document.remove.action';
import { overviewShowAction } from './actions/overview.show.action';
import { requestCreateAction } from './actions/request.create.action';
import { requestFormAction } from './actions/request.form.action';
import { requestLinkAction } from './actions/request.link.action';
import { reviewApproveAction } from './actions/review.approve.action';
import { reviewCommentAction } from './actions/review.comment.action';
import { reviewFeedbackAction } from './actions/review.feedback.action';
import { reviewPickUpAction } from './actions/review.pickUp.action';
import { reviewRefreshAction } from './actions/review.refresh.action';
import { reviewRejectAction } from './actions/review.reject.action';
import { reviewRequestInfoAction } from './actions/review.requestInfo.action';
import { reviewTakeOverAction } from './actions/review.takeOver.action';
import { uploadFinishAction } from './actions/upload.finish.action';
import { budgetCommand } from './commands/budget.command';
import { claimCommand } from './commands/claim.command';
import { claimsCommand } from './commands/claims.command';
import { exportCommand } from './commands/export.command';
import { fundsCommand } from './commands/funds.command';
import { grantRoleCommand } from './commands/grant-role.command';
import { helpCommand } from './commands/help.command';
import { newClaimCommand } from './commands/new-claim.command';
import { overviewCommand } from './commands/overview.command';
import { queueCommand } from './commands/queue.command';
import { rateCommand } from './commands/rate.command';
import { remindersCommand } from './commands/reminders.command';
import { reviewChannelCommand } from './commands/review-channel.command';
import { reviewCommand } from './commands/review.command';
import { revokeCommand } from './commands/revoke.command';
import { rolesCommand } from './commands/roles.command';
import { usersHereCommand } from './commands/users-here.command';
import { verifyCommand } from './commands/verify.command';
import { addToClaim } from './add-to-claim';
import type { MessageAction } from './message-action';
import type { CardAction, Command } from './router';
import type { HelpLine } from '../views/forms.view';
import type { BotDeps } from './turn';

export function commands(d: BotDeps): Command[] {
  return [
    helpCommand(d),
    newClaimCommand(d),
    claimsCommand(d),
    claimCommand(d),
    overviewCommand(d),
    budgetCommand(d),
    queueCommand(d),
    reviewChannelCommand(d),
    reviewCommand(d),
    verifyCommand(d),
    fundsCommand(d),
    rateCommand(d),
    usersHereCommand(d),
    grantRoleCommand(d),
    revokeCommand(d),
    rolesCommand(d),
    exportCommand(d),
    remindersCommand(d),
  ];
}

export function cardActions(d: BotDeps): CardAction[] {
  return [
    claimNewAction(d),
    claimCreateAction(d),
    claimRefreshAction(d),
    claimCommentAction(d),
    claimMetricsAction(d),
    claimInfoAction(d),
    claimHistoryAction(d),
    claimEvidencePackAction(d),
    claimSubmitAction(d),
    claimEditFormAction(d),
    claimEditAction(d),
    claimWithdrawAction(d),
    claimsPageAction(d),
    overviewShowAction(d),
    budgetShowAction(d),
    reviewRefreshAction(d),
    reviewPickUpAction(d),
    reviewTakeOverAction(d),
    reviewFeedbackAction(d),
    reviewRequestInfoAction(d),
    reviewApproveAction(d),
    reviewRejectAction(d),
    reviewCommentAction(d),
    claimDisputeAction(d),
    claimPayAction(d),
    documentFormAction(d),
    documentAddAction(d),
    documentListAction(d),
    documentRemoveAction(d),
    requestFormAction(d),
    requestCreateAction(d),
    requestLinkAction(d),
    uploadFinishAction(d),
  ];
}

/**
 * The command lines `help` shows, without a running bot (the manifest's command list is built from
 * them): command factories only read their dependencies when they run, so none are given here.
 */
export function staticHelpLines(): HelpLine[] {
  return commands(unwired('help lines')).flatMap((c) => c.help);
}

/** Message actions: commands on a message's … menu (the manifest's composeExtensions). */
export function messageActions(d: BotDeps): MessageAction[] {
  return [addToClaim(d)];
}

/** The message actions' ids and titles, without a running bot (the manifest is checked against them). */
export function staticMessageActions(): Array<Pick<MessageAction, 'commandId' | 'title' | 'description'>> {
  return messageActions(unwired('message actions')).map(({ commandId, title, description }) => ({
    commandId,
    title,
    description,
  }));
}

function unwired(what: string): BotDeps {
  return new Proxy({} as BotDeps, {
    get(_target, key) {
      if (key === 'then') return undefined;
      throw new Error(`${what} need no ${String(key)}`);
    },
  });
}
