import type { Executor } from "../../db/types";
import { getDb } from "~/db.server";

export async function listDevMail({ limit = 100 }: { limit?: number } = {}, db: Executor = getDb()) {
  return db.selectFrom("dev_mail").selectAll().orderBy("id", "desc").limit(limit).execute();
}
