package difftest

import (
	"context"
	"flag"
	"os"
	"strconv"
	"testing"
)

// CLI is a differential test's command line: the test binary's flags,
// with DIFFTEST_N and DIFFTEST_SEED from the environment winning (for a
// run over every package, whose other test binaries do not know -n).
type CLI struct {
	n, par, from *int
	seed         *uint64
	stream       *bool
	binary       *bool
	all          *string
}

// Flags defines the differential test's flags on the test binary: -n
// statements (defaultN), -seed, -stream, -binary, -par, -segment, -unexpected.
func Flags(defaultN int) *CLI {
	return &CLI{
		n:      flag.Int("n", defaultN, "differential test: statements to generate"),
		seed:   flag.Uint64("seed", 1, "differential test: seed"),
		stream: flag.Bool("stream", false, "differential test: print every statement and answer"),
		binary: flag.Bool("binary", false, "differential test: binary strings (VARBINARY columns, hex literals) in MySQL string expressions too"),
		par:    flag.Int("par", 4, "differential test: segments run at once (where the dialect allows)"),
		from:   flag.Int("segment", 0, "differential test: first segment to run (with -stream and -n 150: the one a report names)"),
		all:    flag.String("unexpected", "", "differential test: file that receives every unexpected difference, not only each class's first"),
	}
}

// Run runs r as the command line says, logs its report, and fails t on
// every unexpected difference, printing each class's shortest sequence.
func (c *CLI) Run(t *testing.T, r *Runner) {
	t.Helper()
	n, seed := *c.n, *c.seed
	if v, err := strconv.Atoi(os.Getenv("DIFFTEST_N")); err == nil {
		n = v
	}
	if v, err := strconv.ParseUint(os.Getenv("DIFFTEST_SEED"), 10, 64); err == nil {
		seed = v
	}
	if *c.stream {
		r.Log = os.Stdout
	}
	BinaryStrings = *c.binary
	if *c.all != "" {
		f, err := os.Create(*c.all)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r.Unexpected = f
	}
	par := *c.par
	if r.dialect().oneAtATime {
		par = 1
	}
	rep, err := r.Run(context.Background(), Options{Seed: seed, Statements: n, SegmentSize: 150, MaxFailures: 5, Parallel: par,
		FirstSegment: *c.from})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(rep)
	for _, f := range rep.Failures {
		t.Errorf("difference outside the documented deviations, %s", f)
	}
	if len(rep.Unexpected) > len(rep.Failures) {
		t.Errorf("%d more unexpected difference classes not shrunk; see the counts above", len(rep.Unexpected)-len(rep.Failures))
	}
}
