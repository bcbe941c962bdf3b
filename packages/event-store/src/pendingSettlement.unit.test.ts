import { PendingSettlement } from './pendingCommits';

describe('pending settlement (which write settles a commit this process made)', () => {
  it('the first half to finish marks, the second deletes, whichever order', () => {
    const settlement = new PendingSettlement();
    settlement.track('c1', 's', 1, { published: false, projected: false });
    settlement.track('c2', 's', 2, { published: false, projected: false });
    expect(settlement.settle('c1', 'published')).toBe('mark');
    expect(settlement.settle('c1', 'projected')).toBe('delete');
    expect(settlement.settle('c2', 'projected')).toBe('mark');
    expect(settlement.settle('c2', 'published')).toBe('delete');
    expect(settlement.size).toBe(0);
  });

  it('a half done at append time (no publications) makes the other half delete at once', () => {
    const settlement = new PendingSettlement();
    settlement.track('c1', 's', 1, { published: true, projected: false });
    expect(settlement.commitOf('s', 1)).toBe('c1');
    expect(settlement.settle('c1', 'projected')).toBe('delete');
    expect(settlement.commitOf('s', 1)).toBeUndefined();
  });

  it('commits it does not know (other processes, forgotten, settled) are unknown: the caller asks the store', () => {
    const settlement = new PendingSettlement(2);
    settlement.track('c1', 's', 1, { published: false, projected: false });
    settlement.forget('c1');
    expect(settlement.settle('c1', 'published')).toBe('unknown');
    expect(settlement.settle('other', 'projected')).toBe('unknown');
    for (const id of ['a', 'b', 'c']) settlement.track(id, 's', id.charCodeAt(0), { published: false, projected: false });
    expect(settlement.size).toBe(2);
    expect(settlement.settle('a', 'published')).toBe('unknown'); // bounded: the oldest went
  });
});
