package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// benchGoal is one performance target: a figure of this run, what it is
// divided by, and the bound on that ratio. A target stated as a ratio to a
// baseline divides by the baseline measured in the same run; one stated in
// absolute terms divides by the target itself (bound 1) and names a
// same-run reference beside it.
type benchGoal struct {
	Figure        string  `json:"figure"`
	Value         float64 `json:"value"`
	Unit          string  `json:"unit"`
	Baseline      string  `json:"baseline"`
	BaselineValue float64 `json:"baseline_value"`
	Ratio         float64 `json:"ratio"`
	// Bound on Ratio: at most (AtMost) or at least.
	Bound  float64 `json:"bound"`
	AtMost bool    `json:"at_most"`
	Met    bool    `json:"met"`
	// FloorBelow: a physical floor of the same run (the wire floor with
	// the disk, or the database writing the same rows itself) is itself
	// short of the bound, so no design on this machine meets it.
	FloorBelow bool `json:"floor_below,omitempty"`
	// Reference is a same-run figure for an absolute target.
	Reference string `json:"reference,omitempty"`
}

func newBenchGoal(figure string, v float64, unit, baseline string, base, bound float64, atMost bool) benchGoal {
	g := benchGoal{Figure: figure, Value: benchRound(v), Unit: unit, Baseline: baseline, BaselineValue: benchRound(base),
		Ratio: benchRatio(v, base), Bound: bound, AtMost: atMost}
	if atMost {
		g.Met = g.Ratio > 0 && g.Ratio <= bound
	} else {
		g.Met = g.Ratio >= bound
	}
	return g
}

// goals computes every target this run measured the figures of.
func (r *benchReport) goals() []benchGoal {
	gs := []benchGoal{}
	proxy, consensus := []string{benchTargetBlocksql}, []string{benchTargetConsensus}
	pair := func(w string, clients int, baseTargets []string, baseWorkload string) (*benchCell, *benchCell) {
		c, b := r.find(proxy, w, clients), r.find(baseTargets, baseWorkload, clients)
		if c == nil || b == nil || c.Ops == 0 || b.Ops == 0 {
			return nil, nil
		}
		return c, b
	}
	if c, b := pair("insert", 1, consensus, benchConsensusWorkload); c != nil {
		g := newBenchGoal("insert p50, 1 client", c.P50Ms, "ms", "raw consensus p50", b.P50Ms, 1.1, true)
		if f := r.wireFloor(1, func(c *benchCell) float64 { return -c.P50Ms }); f != nil {
			g.Reference = fmt.Sprintf("wire floor (%s): p50 %s ms = %s x raw consensus", f.Target, benchNum(f.P50Ms),
				benchNum(benchRatio(f.P50Ms, b.P50Ms)))
		}
		gs = append(gs, g)
	}
	for _, n := range []struct {
		clients int
		bound   float64
	}{{64, 0.9}, {512, 1.0}} {
		if c, b := pair("insert", n.clients, consensus, benchConsensusWorkload); c != nil {
			g := newBenchGoal(fmt.Sprintf("insert throughput, %d clients", n.clients), c.OpsPerSec, "ops/s",
				"raw consensus tx/s", b.OpsPerSec, n.bound, false)
			if f := r.wireFloor(n.clients, func(c *benchCell) float64 { return c.OpsPerSec }); f != nil {
				g.Reference = fmt.Sprintf("wire floor (%s): %s ops/s = %s x raw consensus; blocksql / floor %s x",
					f.Target, benchNum(f.OpsPerSec), benchNum(benchRatio(f.OpsPerSec, b.OpsPerSec)),
					benchNum(benchRatio(c.OpsPerSec, f.OpsPerSec)))
			}
			if f := r.find([]string{benchTargetWireRows}, "insert", n.clients); f != nil && f.Ops > 0 {
				g.FloorBelow = benchRatio(f.OpsPerSec, b.OpsPerSec) < n.bound
				if g.Reference != "" {
					g.Reference += "; "
				}
				g.Reference += fmt.Sprintf("wire floor with the disk (%s, the rows written, nothing else): %s ops/s = %s x raw consensus; blocksql / that floor %s x",
					f.Target, benchNum(f.OpsPerSec), benchNum(benchRatio(f.OpsPerSec, b.OpsPerSec)),
					benchNum(benchRatio(c.OpsPerSec, f.OpsPerSec)))
			}
			gs = append(gs, g)
		}
	}
	if c, b := pair("point-select", 1, benchMariaDBTargets, "point-select"); c != nil {
		gs = append(gs, newBenchGoal("point-select p50, 1 client", c.P50Ms, "ms", "MariaDB over TCP p50", b.P50Ms, 1.5, true))
	}
	return append(gs, r.engineGoals()...)
}

// wireFloor is the better of the wire floor's insert cells (bench_wire.go)
// at clients, by better (larger is better), or nil when none ran.
func (r *benchReport) wireFloor(clients int, better func(*benchCell) float64) *benchCell {
	var best *benchCell
	for _, t := range []string{benchTargetWire, benchTargetWireGrouped} {
		if c := r.find([]string{t}, "insert", clients); c != nil && c.Ops > 0 && (best == nil || better(c) > better(best)) {
			best = c
		}
	}
	return best
}

// Absolute targets of the engine workloads.
const (
	benchApplyTarget          = 60_000 // statements/s
	benchRestoreSQLiteTarget  = 60_000
	benchRestoreMariaDBTarget = 15_000
	benchSnapshotTargetSecs   = 5
)

func (r *benchReport) engineGoals() []benchGoal {
	var gs []benchGoal
	if a := r.Apply; a != nil {
		g := newBenchGoal("apply engine, single-row INSERTs", a.StmtsPerSec, "stmts/s", "target", benchApplyTarget, 1, false)
		g.Reference = fmt.Sprintf("SQLite inserting the same rows directly: %s rows/s", benchNum(a.DirectRowsPerS))
		if a.FloorStmtsPerSec > 0 {
			g.Reference += "; " + benchFloorReference(a.FloorStmtsPerSec, a.FloorUnindexedStmtsPerSec)
			g.FloorBelow = a.FloorStmtsPerSec < benchApplyTarget
		}
		gs = append(gs, g)
		if a.GroupedStmtsPerSec > 0 {
			g := newBenchGoal("apply engine, the same INSERTs grouped", a.GroupedStmtsPerSec, "stmts/s", "target",
				benchApplyTarget, 1, false)
			if a.GroupedFloorStmtsPerSec > 0 {
				g.Reference = benchFloorReference(a.GroupedFloorStmtsPerSec, a.GroupedFloorUnindexedStmtsPerSec)
				g.FloorBelow = a.GroupedFloorStmtsPerSec < benchApplyTarget
			}
			gs = append(gs, g)
		}
	}
	s := r.Restore
	if s == nil {
		return gs
	}
	add := func(run *benchRestoreRun, figure string, target float64) {
		if run != nil {
			gs = append(gs, newBenchGoal(figure, run.StmtsPerSec, "stmts/s", "target", target, 1, false))
		}
	}
	add(s.Genesis, "restore from genesis into SQLite", benchRestoreSQLiteTarget)
	if s.Genesis != nil && s.GenesisFloorStmtsPerSec > 0 {
		gs[len(gs)-1].Reference = fmt.Sprintf("floor (SQLite writing the restored file's rows itself, "+
			"a restore's pragmas, indexes built at the end): %s stmts/s", benchNum(s.GenesisFloorStmtsPerSec))
		gs[len(gs)-1].FloorBelow = s.GenesisFloorStmtsPerSec < benchRestoreSQLiteTarget
	}
	add(s.GenesisMariaDB, "restore from genesis into MariaDB", benchRestoreMariaDBTarget)
	if s.GenesisMariaDB != nil && s.GenesisMariaDBFloorStmtsPerSec > 0 {
		gs[len(gs)-1].Reference = fmt.Sprintf("floor (MariaDB writing the restored rows itself, multi-row INSERTs, "+
			"no triggers): %s stmts/s", benchNum(s.GenesisMariaDBFloorStmtsPerSec))
		gs[len(gs)-1].FloorBelow = s.GenesisMariaDBFloorStmtsPerSec < benchRestoreMariaDBTarget
	}
	if run := s.FromSnapshot; run != nil {
		g := newBenchGoal(fmt.Sprintf("restore to height %d of a %d-statement chain, from the snapshot at %d",
			run.ToHeight, s.ChainStatements, run.StartHeight), run.Seconds, "s", "target", benchSnapshotTargetSecs, 1, true)
		if s.ChainStatements < 1_000_000 {
			g.Reference = "the target is stated for a 1,000,000-statement chain"
		}
		gs = append(gs, g)
	}
	return gs
}

// benchFloorReference names the apply floor of a run (bench_floor.go).
func benchFloorReference(indexed, unindexed float64) string {
	return fmt.Sprintf("floor (SQLite writing every row the engine wrote, itself): %s stmts/s, %s without the secondary indexes",
		benchNum(indexed), benchNum(unindexed))
}

func (r *benchReport) printEngine(w io.Writer) {
	if a := r.Apply; a != nil {
		fmt.Fprintf(w, "\nApply engine (%d single-row INSERTs, blocks of %d, op log and row history on, SQLite):\n",
			a.Statements, benchApplyPerBlock)
		fmt.Fprintf(w, "  %s statements/s (%s per CPU second); SQLite directly, same rows: %s rows/s (apply / direct %s x)\n",
			benchNum(a.StmtsPerSec), benchNum(a.StmtsPerCPUSec), benchNum(a.DirectRowsPerS), benchNum(a.ApplyVsDirectDB))
		if a.GroupedStmtsPerSec > 0 {
			fmt.Fprintf(w, "  grouped (one grouped transaction per block, as group commit sends concurrent clients' writes): %s statements/s (%s per CPU second)\n",
				benchNum(a.GroupedStmtsPerSec), benchNum(a.GroupedStmtsPerCPUSec))
		}
		if a.FloorStmtsPerSec > 0 {
			fmt.Fprintf(w, "  floor, SQLite writing every row the engine wrote, itself (multi-row INSERTs, values bound in one call, a transaction per block):\n")
			fmt.Fprintf(w, "    one transaction per statement: %s statements/s (engine / floor %s x); without the secondary indexes %s\n",
				benchNum(a.FloorStmtsPerSec), benchNum(benchRatio(a.StmtsPerSec, a.FloorStmtsPerSec)), benchNum(a.FloorUnindexedStmtsPerSec))
			fmt.Fprintf(w, "    grouped: %s statements/s (engine / floor %s x); without the secondary indexes %s\n",
				benchNum(a.GroupedFloorStmtsPerSec), benchNum(benchRatio(a.GroupedStmtsPerSec, a.GroupedFloorStmtsPerSec)),
				benchNum(a.GroupedFloorUnindexedStmtsPerSec))
		}
	}
	s := r.Restore
	if s == nil {
		return
	}
	fmt.Fprintf(w, "\nRestore (`blocksql replay`, verified) of a chain of %d single-row INSERTs, %d blocks, loaded in %s s:\n",
		s.ChainStatements, s.ChainHeight, benchNum(s.LoadSeconds))
	for _, x := range []struct {
		name string
		run  *benchRestoreRun
	}{{"from genesis into SQLite", s.Genesis}, {"from genesis into MariaDB", s.GenesisMariaDB}, {"from the newest snapshot into SQLite", s.FromSnapshot}} {
		if x.run == nil {
			continue
		}
		fmt.Fprintf(w, "  %-38s heights %d..%d: %d statements in %s s = %s statements/s\n", x.name,
			x.run.StartHeight+1, x.run.ToHeight, x.run.Statements, benchNum(x.run.Seconds), benchNum(x.run.StmtsPerSec))
		if floor := map[*benchRestoreRun]float64{s.Genesis: s.GenesisFloorStmtsPerSec,
			s.GenesisMariaDB: s.GenesisMariaDBFloorStmtsPerSec}[x.run]; floor > 0 {
			fmt.Fprintf(w, "  %-38s the database writing the restored rows itself: %s statements/s (restore / floor %s x)\n", "  floor:",
				benchNum(floor), benchNum(benchRatio(x.run.StmtsPerSec, floor)))
		}
	}
	for _, x := range []struct {
		name string
		runs []float64
	}{{"from genesis into SQLite", s.GenesisRuns}, {"from genesis into MariaDB", s.GenesisMariaDBRuns}, {"from the snapshot", s.FromSnapshotRuns}} {
		if len(x.runs) > 1 {
			secs := make([]string, len(x.runs))
			for i, v := range x.runs {
				secs[i] = benchNum(v)
			}
			fmt.Fprintf(w, "  (%s: the median of %d runs, which took %s s in that order)\n", x.name, len(x.runs), strings.Join(secs, ", "))
		}
	}
}

func (r *benchReport) printGoals(w io.Writer) {
	if len(r.Goals) == 0 {
		return
	}
	fmt.Fprintf(w, "\nTargets (ratios from this run):\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  figure\tvalue\tbaseline\tratio\ttarget\tmet\t")
	for _, g := range r.Goals {
		op := ">="
		if g.AtMost {
			op = "<="
		}
		met := "no"
		switch {
		case g.Met:
			met = "yes"
		case g.FloorBelow:
			met = "no (floor below)"
		}
		fmt.Fprintf(tw, "  %s\t%s %s\t%s %s\t%s x\t%s %s x\t%s\t\n", g.Figure, benchNum(g.Value), g.Unit,
			g.Baseline, benchNum(g.BaselineValue), benchNum(g.Ratio), op, benchNum(g.Bound), met)
	}
	tw.Flush()
	for _, g := range r.Goals {
		if g.Reference != "" {
			fmt.Fprintf(w, "  (%s: %s)\n", g.Figure, g.Reference)
		}
	}
	signer := "CometBFT's FilePV, as CometBFT ships"
	if r.RawSigner == benchSignerBlocksql {
		signer = "blocksql's signer (--raw-signer blocksql)"
	}
	fmt.Fprintf(w, "  (raw consensus signs with %s; blocksql and the wire floor with blocksql's signer)\n", signer)
}
