export async function benchClassify(): Promise<void> {}
