/** Views by stream id, replaced only by a newer version: the in-memory twin of ReadModel. */
export class VersionedViews<S> {
  readonly views = new Map<string, { state: S; version: number }>();

  project(streamId: string, state: S, version: number): void {
    const existing = this.views.get(streamId);
    if (existing && existing.version >= version) return;
    this.views.set(streamId, { state: structuredClone(state), version });
  }

  states(): S[] {
    return [...this.views.values()].map((v) => v.state);
  }
}
