// Starts the release binary on a free loopback port with a throw-away
// database (for the manual Lighthouse script; cargo test does the same in
// tests/browser.rs).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

async function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

/** Starts `target/release/backcare`; returns { url, stop() }. */
export async function startServer(repo) {
  const binary = resolve(process.env.CARGO_TARGET_DIR || join(repo, "target"), "release/backcare");
  if (!existsSync(binary)) throw new Error(`no release binary at ${binary}: run cargo build --release first`);
  const dir = mkdtempSync(join(tmpdir(), "backcare-lh-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(binary, ["--bind", `127.0.0.1:${port}`, "--db", join(dir, "backcare.db"), "--content", join(repo, "content"), "--base-url", url, "--test-clock", "serve"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, RUST_LOG: "warn" },
  });
  const stop = () => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error("the server did not answer /healthz");
}
