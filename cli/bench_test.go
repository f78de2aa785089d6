package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestBenchQuick runs `blocksql bench --quick` in-process: every workload
// must complete without errors and leave exactly the rows its clients
// were told were written. Figures are not checked; they are for people.
func TestBenchQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two nodes and runs every workload")
	}
	// Restores run as `blocksql replay` processes.
	bin := blocksqlBin(t)
	defer func(f func() (string, error)) { benchExecutable = f }(benchExecutable)
	benchExecutable = func() (string, error) { return bin, nil }
	out := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := execute(ctx, []string{"bench", "--quick", "--out", out, "--json"}); err != nil {
		t.Fatalf("bench --quick: %v", err)
	}
	rep := readBenchReport(t, filepath.Join(out, "latest.json"))
	if len(rep.Failures) > 0 {
		t.Fatalf("verification failures: %v", rep.Failures)
	}
	if rep.RawSigner != benchSignerStock {
		t.Errorf("raw consensus signer %q, want %q by default", rep.RawSigner, benchSignerStock)
	}
	for _, w := range []string{"insert", "insert-batch", "insert-batch-tx", "update", "point-select", "read-write"} {
		for _, target := range []string{benchTargetBlocksql, benchTargetSQLite} {
			checkBenchCells(t, rep, target, w)
		}
	}
	checkBenchCells(t, rep, benchTargetConsensus, benchConsensusWorkload)
	checkBenchCells(t, rep, benchTargetWire, "insert")
	checkBenchCells(t, rep, benchTargetWireGrouped, "insert")
	checkBenchCells(t, rep, benchTargetWireRows, "insert")
	checkBenchEngine(t, rep)
}

// checkBenchEngine wants the apply and restore figures, MariaDB over TCP
// beside the proxy's point-select (or a note saying why not), and every
// target with its baseline.
func checkBenchEngine(t *testing.T, rep benchReport) {
	t.Helper()
	if a := rep.Apply; a == nil || a.StmtsPerSec <= 0 || a.DirectRowsPerS <= 0 || a.GroupedStmtsPerSec <= 0 ||
		a.FloorStmtsPerSec <= 0 || a.FloorUnindexedStmtsPerSec <= 0 || a.GroupedFloorStmtsPerSec <= 0 {
		t.Errorf("apply figures: %+v", a)
	}
	r := rep.Restore
	if r == nil || r.Genesis == nil || r.FromSnapshot == nil || r.GenesisFloorStmtsPerSec <= 0 {
		t.Fatalf("restore figures: %+v", r)
	}
	if r.Genesis.StartHeight != 0 || r.Genesis.Statements < benchRestoreQuick || r.FromSnapshot.StartHeight == 0 ||
		r.FromSnapshot.ToHeight != r.ChainHeight || r.FromSnapshot.Statements == 0 {
		t.Errorf("restores: from genesis %+v, from a snapshot %+v, chain height %d", *r.Genesis, *r.FromSnapshot, r.ChainHeight)
	}
	for name, x := range map[string]struct {
		run  *benchRestoreRun
		runs []float64
	}{"from a snapshot": {r.FromSnapshot, r.FromSnapshotRuns}, "from genesis into SQLite": {r.Genesis, r.GenesisRuns}} {
		if runs := slices.Sorted(slices.Values(x.runs)); len(runs) != benchRestoreRuns || x.run.Seconds != runs[len(runs)/2] {
			t.Errorf("restore %s: %v s reported, runs %v: want the median of %d runs", name, x.run.Seconds, x.runs, benchRestoreRuns)
		}
	}
	goals := map[string]bool{}
	for _, g := range rep.Goals {
		goals[g.Baseline] = true
		if g.Value <= 0 || g.BaselineValue <= 0 || g.Ratio <= 0 {
			t.Errorf("goal %+v lacks a figure", g)
		}
		if g.Baseline == "raw consensus p50" && !strings.HasPrefix(g.Reference, "wire floor (consensus-wire") {
			t.Errorf("goal %+v: want the wire floor of the same run beside it", g)
		}
	}
	mariadb := rep.find([]string{benchTargetMariaDBTCP}, "point-select", 1) != nil
	if mariadb != (r.GenesisMariaDBFloorStmtsPerSec > 0) {
		t.Errorf("MariaDB point-select cell %v, restore floor %v: both or neither", mariadb, r.GenesisMariaDBFloorStmtsPerSec)
	}
	if mariadb != (r.GenesisMariaDB != nil) || mariadb != goals["MariaDB over TCP p50"] {
		t.Errorf("MariaDB point-select cell %v, restore %v, goal %v: all or none", mariadb, r.GenesisMariaDB, goals["MariaDB over TCP p50"])
	}
	if !mariadb && len(rep.Notes) == 0 {
		t.Error("no MariaDB baseline and no note saying why")
	}
	if !goals["raw consensus p50"] || !goals["target"] {
		t.Errorf("goals %v: want the insert latency and the engine targets", goals)
	}
}

func readBenchReport(t *testing.T, path string) benchReport {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rep benchReport
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return rep
}

// checkBenchCells wants one cell per quick client count, each with
// completed operations, no errors and, where there is a table, the
// acknowledged number of rows.
func checkBenchCells(t *testing.T, rep benchReport, target, workload string) {
	t.Helper()
	for _, clients := range []int{1, 16} {
		c := rep.find([]string{target}, workload, clients)
		switch {
		case c == nil:
			t.Errorf("%s %s %d clients: no cell", target, workload, clients)
		case c.Ops == 0 || c.Errors != 0:
			t.Errorf("%s %s %d clients: %d ops, %d errors (%s)", target, workload, clients, c.Ops, c.Errors, c.FirstError)
		case !slices.Contains([]string{benchTargetConsensus, benchTargetWire, benchTargetWireGrouped}, target) &&
			(c.RowsExpected == nil || *c.RowsExpected != *c.RowsActual):
			t.Errorf("%s %s %d clients: rows expected %v, actual %v", target, workload, clients, c.RowsExpected, c.RowsActual)
		}
	}
}

// TestBenchGORMWorkload: the ORM-shaped workload (BEGIN; parent; two
// children with the parent's id; COMMIT) stores every row it was told
// about, and on one node no transaction aborts: ids handed out to open
// transactions never collide.
func TestBenchGORMWorkload(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two nodes")
	}
	out := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := execute(ctx, []string{"bench", "--quick", "--workloads", "gorm", "--out", out, "--json"}); err != nil {
		t.Fatalf("bench --workloads gorm: %v", err)
	}
	rep := readBenchReport(t, filepath.Join(out, "latest.json"))
	if len(rep.Failures) > 0 {
		t.Fatalf("verification failures: %v", rep.Failures)
	}
	checkBenchCells(t, rep, benchTargetBlocksql, "gorm")
	for _, clients := range []int{1, 16} {
		if c := rep.find([]string{benchTargetBlocksql}, "gorm", clients); c != nil && c.Retries != 0 {
			t.Errorf("%d clients: %d transactions aborted with 1213, want none on one node", clients, c.Retries)
		}
	}
}

// TestBenchFourValidatorProcesses: `bench --topology 4-validators` starts
// four `blocksql start` processes, spreads the clients over their MySQL
// ports, and every write a client was told about is on the first node once
// it has caught up with the others; raw consensus and the wire floor (a
// floor server in front of each validator) run beside it.
func TestBenchFourValidatorProcesses(t *testing.T) {
	requireLong(t)
	bin := blocksqlBin(t)
	defer func(f func() (string, error)) { benchExecutable = f }(benchExecutable)
	benchExecutable = func() (string, error) { return bin, nil }
	out := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := execute(ctx, []string{"bench", "--topology", "4-validators", "--workloads", "insert", "--clients", "1,16",
		"--duration", "2s", "--out", out, "--json"}); err != nil {
		t.Fatalf("bench --topology 4-validators: %v", err)
	}
	rep := readBenchReport(t, filepath.Join(out, "latest.json"))
	if len(rep.Failures) > 0 || rep.Topology != "4-validators" {
		t.Fatalf("topology %q, verification failures: %v", rep.Topology, rep.Failures)
	}
	checkBenchCells(t, rep, benchTargetBlocksql, "insert")
	checkBenchCells(t, rep, benchTargetConsensus, benchConsensusWorkload)
	checkBenchCells(t, rep, benchTargetWire, "insert")
	checkBenchCells(t, rep, benchTargetWireGrouped, "insert")
	checkBenchCells(t, rep, benchTargetWireRows, "insert")
}
