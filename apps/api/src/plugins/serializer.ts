/**
 * Responses are written by fast-json-stringify from the JSON Schema of each route's zod
 * response schema (the same schema the OpenAPI document shows). Like a zod parse, it
 * writes only the declared fields — an extra property such as a password hash can never
 * leave — but it compiles once per route instead of walking zod for every response.
 */

import fastJson from "fast-json-stringify";
import type { FastifySerializerCompiler } from "fastify";
import { z } from "zod";

export const serializerCompiler: FastifySerializerCompiler<z.ZodType> = ({ schema }) => {
  const jsonSchema = z.toJSONSchema(schema, { target: "draft-7", io: "output", unrepresentable: "any" });
  const stringify = fastJson(jsonSchema as Parameters<typeof fastJson>[0]);
  return (data: unknown) => stringify(data);
};
