import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";

const module = new URL("./log-destination.ts", import.meta.url).pathname;

/** A process that logs through bufferedStdout(); its standard output as it arrives. */
function logger(script: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", `import { bufferedStdout } from ${JSON.stringify(module)};\n${script}`],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let output = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    output += chunk;
  });
  const lines = (count: number) =>
    new Promise<string[]>((resolve) => {
      const check = () => {
        const got = output.split("\n").filter(Boolean);
        if (got.length >= count) resolve(got);
      };
      child.stdout.on("data", check);
      check();
    });
  return { child, lines, output: () => output };
}

describe("the API's buffered log output", () => {
  it("shows a quiet server's line without waiting for more lines or for the process to end", async () => {
    // The process stays alive (stdin-less interval) until the test has read the line.
    const { child, lines } = logger(`const log = bufferedStdout(); log.write('{"msg":"one line"}\\n'); setInterval(() => {}, 1000);`);
    try {
      expect(await lines(1)).toEqual(['{"msg":"one line"}']);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("writes every buffered line when the process exits right after logging", async () => {
    const { child, output } = logger(
      `const log = bufferedStdout(); for (let i = 0; i < 1000; i++) log.write(JSON.stringify({ i }) + "\\n"); process.exit(3);`,
    );
    const [code] = await once(child, "close");
    expect(code).toBe(3);
    const got = output().split("\n").filter(Boolean);
    expect(got).toHaveLength(1000);
    expect(got.at(-1)).toBe('{"i":999}');
  });

  it("writes what is buffered on close(), in order", async () => {
    const { child, output } = logger(
      `const log = bufferedStdout(); log.write("first\\n"); log.write("second\\n"); log.close(); process.stdout.write("after close\\n"); process.exitCode = 0;`,
    );
    await once(child, "close");
    expect(output().split("\n").filter(Boolean)).toEqual(["first", "second", "after close"]);
  });
});
