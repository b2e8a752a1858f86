import { z } from "zod";

/**
 * The ALTCHA challenge of `GET /api/v1/captcha/challenge` (issue 15: specified, not `{}`).
 * `parameters` is signed as a whole, so a client passes it back untouched, with any
 * member a later version adds.
 */
export const CaptchaChallenge = z
  .looseObject({
    parameters: z
      .looseObject({
        algorithm: z.string().meta({ description: "The key derivation, e.g. `SHA-256`." }),
        cost: z.number().int().meta({ description: "Rounds of the key derivation." }),
        keyLength: z.number().int().meta({ description: "Bytes of the derived key." }),
        keyPrefix: z.string().meta({ description: "Hex: the derived key of the right counter starts with it." }),
        keySignature: z.string().optional(),
        nonce: z.string(),
        salt: z.string(),
        data: z.looseObject({ expires: z.number().int().meta({ description: "Unix seconds: the challenge's end." }) }).optional(),
      })
      .meta({ description: "Signed as a whole: pass it back exactly as received." }),
    signature: z.string().meta({ description: "Hex HMAC over `parameters`." }),
  })
  .nullable()
  .meta({
    id: "CaptchaChallenge",
    description: "An ALTCHA proof-of-work challenge; null when a third-party CAPTCHA provider is configured.",
    examples: [
      {
        parameters: {
          algorithm: "SHA-256",
          cost: 1,
          data: { expires: 1796572546 },
          keyLength: 32,
          keyPrefix: "c20f0d446efcecbb3ce31b6615cc7cba",
          keySignature: "0f96f9c3324f7db8d7f1054bff52b0c44d76b7dc55b792686006f74b40e46cc5",
          nonce: "61b2da2f5050d98b274dd233fd7fb3f9",
          salt: "e957276a80ea8538137767fa33f82a10",
        },
        signature: "64f3acf4f0c364dc482385d9e4a79263ae35b380615fd84367d253129753d3ec",
      },
    ],
  });
export type CaptchaChallenge = z.infer<typeof CaptchaChallenge>;
