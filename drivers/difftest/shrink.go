package difftest

import (
	"context"
)

// shrink returns the shortest sub-stream of stmts it finds that still
// shows an unexpected difference with failing's signature (delta
// debugging: drop chunks of halving size while the difference remains).
func (r *Runner) shrink(ctx context.Context, stmts []Stmt, failing Diff) ([]Stmt, Diff) {
	cur := append([]Stmt(nil), stmts[:failing.Index+1]...)
	best := failing
	runs := 0
	reproduces := func(cand []Stmt) (Diff, bool) {
		runs++
		ds, _, err := r.run(ctx, cand, nil) // the replays are not logged
		if err != nil {
			return Diff{}, false
		}
		for _, d := range Classify(ds) {
			if d.Unexpected && d.sameAs(failing) {
				return d, true
			}
		}
		return Diff{}, false
	}
	for chunk := len(cur) / 2; chunk >= 1 && runs < r.ShrinkRuns; {
		removed := false
		for start := 0; start < len(cur) && runs < r.ShrinkRuns; {
			end := min(start+chunk, len(cur))
			cand := append(append([]Stmt(nil), cur[:start]...), cur[end:]...)
			if len(cand) == 0 {
				start = end
				continue
			}
			if d, ok := reproduces(cand); ok {
				cur, best, removed = cand, d, true
				continue
			}
			start = end
		}
		if !removed {
			chunk /= 2
		}
	}
	return cur, best
}
