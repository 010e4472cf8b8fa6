import { acceptInvitation, inviteCoOrganizer } from "~/organizers/co-organizers.server";
import { latestLink, tokenOf } from "./signature-factories";

/** The emailed invitation's accept link, as the invitee would open it. */
export const invitationLink = (email: string) => latestLink(email, "organizer_invite", "/organize/invitation");

/** A co-organizer the way one is made: invited by an organizer, accepted from their own inbox. */
export async function inviteAndAccept({ statementId, invitedBy, email }: { statementId: number; invitedBy: { id: number }; email: string }) {
  const invited = await inviteCoOrganizer({ statementId, invitedBy, email });
  if (!invited.ok) throw new Error(`could not invite ${email}: ${JSON.stringify(invited)}`);
  const accepted = await acceptInvitation({ token: tokenOf(await invitationLink(email)) });
  if (accepted.status !== "accepted") throw new Error(`could not accept: ${accepted.status}`);
}
