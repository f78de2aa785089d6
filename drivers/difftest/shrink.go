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
		for _, d := range classifyWith(r.dialect(), ds) {
			if d.Unexpected && d.sameAs(failing) {
				return d, true
			}
		}
		return Diff{}, false
	}
	// Most differences need only the tables and the statement itself:
	// try that first, which spares the halving most of its replays.
	if short := withSetup(cur); len(short) < len(cur) {
		if d, ok := reproduces(short); ok {
			cur, best = short, d
		}
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

// withSetup is the leading CREATE TABLEs of stmts and its last statement.
func withSetup(stmts []Stmt) []Stmt {
	var out []Stmt
	for _, st := range stmts[:len(stmts)-1] {
		if st.Tag != "ddl-create" {
			break
		}
		out = append(out, st)
	}
	return append(out, stmts[len(stmts)-1])
}
