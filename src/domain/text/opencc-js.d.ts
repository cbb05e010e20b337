/** opencc-js's traditional-to-simplified build; its own types sit behind package exports, which this project's module resolution does not read. */
declare module 'opencc-js/t2cn' {
  export function Converter(options: { from: 't' | 'tw' | 'twp' | 'hk'; to: 'cn' }): (text: string) => string;
}
