package cli

import (
	"bytes"
	"strings"
	"testing"
)

// TestBenchGoalFloorBelow: a write figure whose wire floor with the disk,
// measured in the same run, is itself short of the bound is reported as
// unmet with the floor below; one whose floor reaches the bound is
// plainly unmet, and one that is met is met.
func TestBenchGoalFloorBelow(t *testing.T) {
	cell := func(target, workload string, clients int, ops float64) benchCell {
		return benchCell{Target: target, Workload: workload, Clients: clients, Ops: int64(ops), OpsPerSec: ops}
	}
	r := &benchReport{Cells: []benchCell{
		cell(benchTargetConsensus, benchConsensusWorkload, 64, 10_000),
		cell(benchTargetBlocksql, "insert", 64, 8_000),
		cell(benchTargetWireRows, "insert", 64, 9_500),
		cell(benchTargetConsensus, benchConsensusWorkload, 512, 20_000),
		cell(benchTargetBlocksql, "insert", 512, 10_000),
		cell(benchTargetWireRows, "insert", 512, 15_000),
	}}
	r.Apply = &benchApply{StmtsPerSec: 45_000, FloorStmtsPerSec: 52_000, GroupedStmtsPerSec: 70_000, GroupedFloorStmtsPerSec: 100_000}
	want := map[string][2]bool{ // figure: met, floor below
		"insert throughput, 64 clients":          {false, false},
		"insert throughput, 512 clients":         {false, true},
		"apply engine, single-row INSERTs":       {false, true},
		"apply engine, the same INSERTs grouped": {true, false},
	}
	gs := r.goals()
	for _, g := range gs {
		w, ok := want[g.Figure]
		if !ok {
			continue
		}
		delete(want, g.Figure)
		if g.Met != w[0] || g.FloorBelow != w[1] {
			t.Errorf("%s: met %v, floor below %v; want %v, %v (%s)", g.Figure, g.Met, g.FloorBelow, w[0], w[1], g.Reference)
		}
	}
	for f := range want {
		t.Errorf("no goal %q", f)
	}
	r.Goals = gs
	var out bytes.Buffer
	r.printGoals(&out)
	if got := strings.Count(out.String(), "no (floor below)"); got != 2 {
		t.Errorf("the Targets table marks %d figures with their floor below, want 2:\n%s", got, out.String())
	}
}
