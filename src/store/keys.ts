/**
 * Every Redis key QunHQ writes, in one place. `prefix` separates deployments (and tests);
 * BullMQ gets the same prefix for its own keys.
 */
export function createKeys(prefix: string) {
  const k = (...parts: string[]) => [prefix, ...parts].join(':')
  return {
    prefix,
    seq: (kind: string) => k('seq', kind),
    /** hash: roomId → JSON GroupRecord */
    groups: () => k('groups'),
    /** hash: roomId → JSON tag list changed from HQ (overrides config tags) */
    groupTags: () => k('group-tags'),
    ledger: (deliveryId: string) => k('ledger', deliveryId),
    pacingNextAt: (account: string) => k('out', account, 'next-at'),
    failures: (account: string) => k('out', account, 'failures'),
    dailyCount: (account: string, day: string) => k('out', account, 'day', day),
    broadcast: (id: string) => k('bc', id),
    broadcastRooms: (id: string, outcome: string) => k('bc', id, outcome),
    broadcastsBy: (contactId: string) => k('bc-by', contactId),
    broadcastsActive: () => k('bc-active'),
    hqLast: (contactId: string) => k('hq-last', contactId),
    question: (id: string) => k('q', id),
    questionsPending: () => k('q-pending'),
  }
}

export type Keys = ReturnType<typeof createKeys>
