import { randomInt } from "node:crypto";

/**
 * Crockford's base32 without the letters people confuse (I, L, O, U): a reference is
 * read aloud and typed by hand. Eight characters are 40 random bits, so references
 * cannot be guessed or counted (they say nothing about how many requests there are).
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** e.g. "SR-7KQ2-M9XD" */
export function newReference(): string {
  let out = "";
  for (let i = 0; i < 8; i++) out += ALPHABET[randomInt(0, ALPHABET.length)];
  return `SR-${out.slice(0, 4)}-${out.slice(4)}`;
}
