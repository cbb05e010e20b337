/** A part of the message catalogue, copied at build time (see `catalogueSubset` in scripts/build-ui.mjs). */
declare module 'rt-messages:*' {
  const catalogue: { en: Record<string, string>; 'zh-CN': Record<string, string> };
  export default catalogue;
}
