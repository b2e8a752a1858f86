// One autocannon run in its own process (the load generator must not share the API's
// event loop). Options come as one JSON argument; the result is printed as JSON.
// `uniqueEmail`: every request's body gets a fresh address in place of `[<id>]`, with
// a correct Content-Length (the CLI's -I flag does not recompute it).
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";

const options = JSON.parse(process.argv[2]);
const request = { method: options.method ?? "GET", headers: options.headers ?? {} };
if (options.body !== undefined) request.body = options.body;
if (options.uniqueEmail) {
  request.setupRequest = (req) => ({ ...req, body: options.body.replace("[<id>]", randomUUID()) });
}
const result = await autocannon({
  url: options.url,
  connections: options.connections,
  duration: options.duration,
  requests: [request],
});
process.stdout.write(JSON.stringify(result));
