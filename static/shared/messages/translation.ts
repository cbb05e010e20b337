/**
 * A catalogue in another language: exactly the keys of the English one (a missing or an extra key
 * is a compile error), each a string.
 */
export type Translation<English> = { readonly [Key in keyof English]: string };
