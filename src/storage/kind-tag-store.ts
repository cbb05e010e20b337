import { kvs } from '@forge/kvs';
import { defaultKindTags, type KindTagLists, type StoredKindTags } from '../domain/kind-tags';
import { ConflictError } from '../domain/result';
import { withKindTagsLock } from './edit-lock';
import { storageKeys } from './keys';
import { message } from '../domain/messages';

/** A project's second-level tag lists: the defaults until a project admin saves its own. */
export async function getKindTags(projectKey: string): Promise<StoredKindTags> {
  return (await kvs.get<StoredKindTags>(storageKeys.kindTags(projectKey))) ?? defaultKindTags(projectKey);
}

/** Saves a project's lists if nobody saved since `expectedRevision` (else a conflict naming who did). */
export async function saveKindTags(
  projectKey: string,
  tags: KindTagLists,
  expectedRevision: number,
  by: { displayName: string },
  now: Date,
): Promise<StoredKindTags> {
  return withKindTagsLock(projectKey, async () => {
    const current = await getKindTags(projectKey);
    if (current.revision !== expectedRevision) {
      throw new ConflictError(
        message('server.conflict.tags_saved', {
          who: current.updatedBy ?? { 'en-US': 'Someone', 'zh-CN': '其他人' },
          at: current.updatedAt ?? { 'en-US': 'an earlier time', 'zh-CN': '之前' },
        }),
      );
    }
    const written: StoredKindTags = {
      projectKey,
      tags,
      revision: current.revision + 1,
      updatedBy: by.displayName,
      updatedAt: now.toISOString(),
    };
    await kvs.set(storageKeys.kindTags(projectKey), written);
    return written;
  });
}
