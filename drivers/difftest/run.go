package difftest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Failure is an unexpected difference and the shortest stream found
// that still shows it.
type Failure struct {
	Seed    uint64
	Segment int
	Diff    Diff
	Repro   []Stmt
}

func (f Failure) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d segment %d: %s\n  statement: %s\n  minimal sequence (%d statements):\n",
		f.Seed, f.Segment, f.Diff, f.Diff.Stmt, len(f.Repro))
	for _, s := range f.Repro {
		fmt.Fprintf(&b, "    %s\n", s)
	}
	return b.String()
}

// Example is a difference as found, and its segment.
type Example struct {
	Segment int
	Diff    Diff
}

// Report sums up a run.
type Report struct {
	Seed       uint64
	Segments   int
	Statements int            // generated
	Ran        int            // sent: a segment stops at its first difference in stored rows
	Deviations map[string]int // documented deviations, by id
	Unexpected map[string]int // unexpected differences, by signature
	// Examples holds the first unexpected difference of each signature,
	// as found (unshrunk), and the segment it is in, so every class can
	// be looked at (-segment).
	Examples map[string]Example
	Failures []Failure // the first unexpected difference of each signature, shrunk
	// Elapsed is the time the segments took, Shrinking the time spent
	// shrinking failures after them.
	Elapsed, Shrinking time.Duration
}

func (rep *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d: %d statements generated in %d segments, %d sent in %s (%.1f statements/s), %s shrinking\n",
		rep.Seed, rep.Statements, rep.Segments, rep.Ran, rep.Elapsed.Round(time.Second),
		float64(rep.Ran)/max(rep.Elapsed.Seconds(), 1e-9), rep.Shrinking.Round(time.Second))
	for _, line := range sortedCounts(rep.Deviations) {
		fmt.Fprintf(&b, "  deviation %s\n", line)
	}
	for _, line := range sortedCounts(rep.Unexpected) {
		fmt.Fprintf(&b, "  UNEXPECTED %s\n", line)
		sig, _, _ := strings.Cut(line, " ")
		if e, ok := rep.Examples[sig]; ok {
			fmt.Fprintf(&b, "      first: %s\n      in segment %d, statement %d: %s\n", e.Diff, e.Segment, e.Diff.Index, e.Diff.Stmt)
		}
	}
	return b.String()
}

func sortedCounts(m map[string]int) []string {
	var out []string
	for k, v := range m {
		out = append(out, fmt.Sprintf("%-40s %d", k, v))
	}
	sort.Strings(out)
	return out
}

// Options shape a run.
type Options struct {
	Seed        uint64
	Statements  int // to send, in total over all segments
	SegmentSize int // generated statements per segment
	MaxFailures int // distinct unexpected signatures to shrink and keep
	Parallel    int // segments run at once (1 when the runner logs)
	// FirstSegment is the first segment run, to look at one a report
	// names (segments are numbered from 0; each is generated alone).
	FirstSegment int
}

type segResult struct {
	seg   int
	stmts []Stmt
	ds    []Diff
	ran   int
	err   error
}

// Run generates segments from opts.Seed until opts.Statements statements
// have been sent, and compares every target's answers with the
// reference's. Segments run in parallel in their own databases; their
// results are recorded in segment order.
func (r *Runner) Run(ctx context.Context, opts Options) (*Report, error) {
	par := max(1, opts.Parallel)
	if r.Log != nil {
		par = 1
	}
	start := time.Now()
	var next, ran atomic.Int64
	next.Store(int64(opts.FirstSegment))
	var mu sync.Mutex
	var results []segResult
	var wg sync.WaitGroup
	for w := 0; w < par; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ran.Load() < int64(opts.Statements) && ctx.Err() == nil {
				seg := int(next.Add(1) - 1)
				res := segResult{seg: seg, stmts: r.dialect().Generate(opts.Seed, seg, opts.SegmentSize)}
				if r.Log != nil {
					fmt.Fprintf(r.Log, "-- seed %d segment %d\n", opts.Seed, seg)
				}
				res.ds, res.ran, res.err = r.run(ctx, res.stmts, r.Log)
				ran.Add(int64(res.ran))
				mu.Lock()
				results = append(results, res)
				mu.Unlock()
				if res.err != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	sort.Slice(results, func(i, j int) bool { return results[i].seg < results[j].seg })
	rep := &Report{Seed: opts.Seed, Deviations: map[string]int{}, Unexpected: map[string]int{}, Examples: map[string]Example{},
		Elapsed: time.Since(start)}
	for _, res := range results {
		if rep.Ran >= opts.Statements {
			break // segments that ran past the count are dropped: a seed always gives the same report
		}
		if res.err != nil {
			return rep, fmt.Errorf("seed %d segment %d: %w", opts.Seed, res.seg, res.err)
		}
		rep.Segments++
		rep.Statements += len(res.stmts)
		rep.Ran += res.ran
		r.record(ctx, rep, opts, res.seg, res.stmts, classifyWith(r.dialect(), res.ds))
	}
	return rep, ctx.Err()
}

func (r *Runner) record(ctx context.Context, rep *Report, opts Options, seg int, stmts []Stmt, ds []Diff) {
	for _, d := range ds {
		if !d.Unexpected {
			rep.Deviations[d.Deviation]++
			continue
		}
		sig := d.signature()
		rep.Unexpected[sig]++
		if _, ok := rep.Examples[sig]; !ok {
			rep.Examples[sig] = Example{Segment: seg, Diff: d}
		}
		if r.Log != nil {
			fmt.Fprintf(r.Log, "UNEXPECTED %s %s\n    %s\n", d.Stmt.Tag, d, d.Stmt)
		}
		if r.Unexpected != nil {
			fmt.Fprintf(r.Unexpected, "%s segment %d statement %d: %s\n    %s\n", sig, seg, d.Index, d, d.Stmt)
		}
		if rep.Unexpected[sig] > 1 || len(rep.Failures) >= opts.MaxFailures {
			continue
		}
		began := time.Now()
		repro, best := r.shrink(ctx, stmts, d)
		rep.Shrinking += time.Since(began)
		rep.Failures = append(rep.Failures, Failure{Seed: opts.Seed, Segment: seg, Diff: best, Repro: repro})
	}
}
