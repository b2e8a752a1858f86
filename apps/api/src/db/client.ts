import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "../generated/prisma/client.ts";

export type Db = PrismaClient;
/** A transaction client: what services pass to the outbox so messages commit with the change. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export function createDb(databaseUrl: string, poolSize = 10): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: poolSize });
  return new PrismaClient({ adapter });
}

/** The error of a write that hit a unique constraint (an email another account took meanwhile, say). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * PostgreSQL refused a value the client sent as text it cannot store or read: a NUL
 * byte or an invalid byte sequence (22021), a character with no equivalent in the
 * encoding (22P05), text that is not valid input for the column's type (22P02), or a
 * value too long for its column (22001). The input schemas reject all of these first
 * (ADR 027); this is the backstop that keeps a missed field a 400, never a 500.
 */
const UNSTORABLE_INPUT_CODES = new Set(["22021", "22P05", "22P02", "22001"]);

export function isUnstorableInput(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  const cause = (error.meta as { driverAdapterError?: { cause?: { originalCode?: unknown } } } | undefined)?.driverAdapterError?.cause;
  return typeof cause?.originalCode === "string" && UNSTORABLE_INPUT_CODES.has(cause.originalCode);
}
