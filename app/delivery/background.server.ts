// Called once by the process that runs the outbox worker and scheduled jobs
// (server/background.ts, through the build): an explicit call keeps the outbox
// and the scheduler free of any knowledge of delivery.
import { registerJob } from "~/jobs.server";
import { OFFICIAL_DELIVERY_EMAIL } from "~/mail/delivery-emails.server";
import { registerOutboxHooks } from "~/mail/outbox.server";
import { DELIVERY_RECEIPT_EMAIL } from "~/mail/receipt-emails.server";
import { deliverDueStatements } from "./deliver.server";
import { recordOfficialEmailFailure, recordOfficialEmailSent, resolvePacketAttachment } from "./outbox-hooks.server";
import { composeReceipt } from "./receipts.server";

export function registerDeliveryBackground() {
  registerOutboxHooks(OFFICIAL_DELIVERY_EMAIL, {
    resolveAttachment: resolvePacketAttachment,
    afterSend: (row) => recordOfficialEmailSent(row),
    afterFail: (row, outcome, error) => recordOfficialEmailFailure(row, outcome, error),
  });

  registerOutboxHooks(DELIVERY_RECEIPT_EMAIL, { compose: (row) => composeReceipt(row) });

  registerJob({
    name: "automatic deliveries",
    everyMs: 30_000,
    run: async () => {
      await deliverDueStatements();
    },
  });
}
