package replay

// SetAfterCommit registers f to be called with the height of every block
// right after its local transaction commits (nil removes it). It runs on the
// applying goroutine while the engine is locked, so f must return quickly
// and must not call back into the engine: hand the height to another
// goroutine (the snapshotter does).
func (e *Engine) SetAfterCommit(f func(height int64)) {
	if f == nil {
		e.after.Store(nil)
		return
	}
	e.after.Store(&f)
}

func (e *Engine) afterCommit(height int64) {
	if f := e.after.Load(); f != nil {
		(*f)(height)
	}
}
