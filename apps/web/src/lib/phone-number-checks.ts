/** The two functions of libphonenumber-js the shared schemas use: the chunk phone-numbers.ts fetches holds only these. */
export { isValidPhoneNumber, parsePhoneNumberWithError } from "libphonenumber-js/core";
