/**
 * Jest runs the longest suites first when it has their times from an earlier run (its cache).
 * Without them (a fresh clone, a new worktree) it orders by file size, and a short e2e file
 * that starts a whole bot (pacing: 50 lines, 10+ s) then starts last and runs alone while the
 * other worker idles. Without times: e2e first, then integration, then unit, each by size.
 */
const Sequencer = require('@jest/test-sequencer').default

const weight = (path) => (/[\\/]test[\\/]e2e[\\/]/.test(path) ? 2 : /[\\/]test[\\/]integration[\\/]/.test(path) ? 1 : 0)

class SlowKindsFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests)
    if (sorted.some((t) => t.duration != null)) return sorted
    // Array.prototype.sort is stable: jest's size order holds within each kind
    return [...sorted].sort((a, b) => weight(b.path) - weight(a.path))
  }
}

module.exports = SlowKindsFirst
