import type { FrameworkVersion } from '../domain/framework';
import { getLatestFrameworkVersion } from '../storage/framework-store';

/** The framework scores are computed with now: always the newest version. */
export const currentFramework = (): Promise<FrameworkVersion> => getLatestFrameworkVersion(() => new Date());
