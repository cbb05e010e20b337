/**
 * Forge's storage limits the app lays its data out within, named once
 * (https://developer.atlassian.com/platform/forge/limits-kvs-ce/): a Key-Value Store value holds at most 240 KiB.
 */
export const KVS_VALUE_MAX_BYTES = 240 * 1024;
