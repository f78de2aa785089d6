package replay

import "sync/atomic"

// commitHook is the after-commit hook of an engine of either dialect.
type commitHook struct {
	f atomic.Pointer[func(height int64)]
}

func (h *commitHook) set(f func(height int64)) {
	if f == nil {
		h.f.Store(nil)
		return
	}
	h.f.Store(&f)
}

func (h *commitHook) fire(height int64) {
	if f := h.f.Load(); f != nil {
		(*f)(height)
	}
}

// SetAfterCommit registers f to be called with the height of every block
// right after its local transaction commits (nil removes it). It runs on the
// applying goroutine while the engine is locked, so f must return quickly
// and must not call back into the engine: hand the height to another
// goroutine (the snapshotter does).
func (e *Engine) SetAfterCommit(f func(height int64)) { e.after.set(f) }

func (e *Engine) afterCommit(height int64) { e.after.fire(height) }

// SetAfterCommit is Engine.SetAfterCommit.
func (e *PGEngine) SetAfterCommit(f func(height int64)) { e.after.set(f) }
