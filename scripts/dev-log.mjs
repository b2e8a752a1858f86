// Development logs for `pnpm start`: the API writes one JSON line per event (pino), which
// is what production log collectors want and what a person at a terminal does not. This
// turns each request into one short line (`12:00:01 POST /api/v1/auth/sign-in 200 41ms`)
// and every other event into its time, level, message and fields. Lines that are not
// JSON pass through unchanged.

const LEVELS = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };
// Fields every line has, or that the short form already shows.
const QUIET = new Set(["level", "time", "pid", "hostname", "msg", "reqId", "req", "res", "responseTime", "err"]);

export function createDevLogFormatter() {
  /** Requests seen but not yet completed: their method and URL, by request id. */
  const pending = new Map();
  return function format(line) {
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      return line;
    }
    if (entry === null || typeof entry !== "object" || typeof entry.level !== "number") return line;
    const time = new Date(entry.time ?? Date.now()).toISOString().slice(11, 19);
    if (entry.msg === "incoming request" && entry.req) {
      if (pending.size > 10_000) pending.clear();
      pending.set(entry.reqId, `${entry.req.method} ${entry.req.url}`);
      return null;
    }
    if ((entry.msg === "request completed" || entry.msg === "request errored") && entry.res) {
      // The completed line carries the request itself (plugins/request-log.ts, ADR 031);
      // an "incoming request" line (LOG_LEVEL=debug) is only a fallback.
      const request = entry.req?.method ? `${entry.req.method} ${entry.req.url}` : (pending.get(entry.reqId) ?? "request");
      pending.delete(entry.reqId);
      const failure = entry.err ? `\n${entry.err.stack ?? entry.err.message ?? JSON.stringify(entry.err)}` : "";
      return `${time} ${request} ${entry.res.statusCode} ${Math.round(entry.responseTime ?? 0)}ms${failure}`;
    }
    const level = LEVELS[entry.level] ?? String(entry.level);
    const fields = Object.entries(entry).filter(([key]) => !QUIET.has(key));
    const extra = fields.length > 0 ? ` ${JSON.stringify(Object.fromEntries(fields))}` : "";
    const error = entry.err ? `\n${entry.err.stack ?? entry.err.message ?? JSON.stringify(entry.err)}` : "";
    return `${time} ${level} ${entry.msg ?? ""}${extra}${error}`;
  };
}
