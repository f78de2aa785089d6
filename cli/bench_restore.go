package cli

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/replay"
)

// The restore workload writes a chain through a real node (SQLite, a
// snapshot every benchRestoreInterval blocks): transactions of 500
// single-row INSERTs from 8 submitters, handed to the node's Submit as the
// proxy hands it a client's transaction. It then restores that chain with
// `blocksql replay`, verifying every block as an operator's restore does:
// from genesis into a new SQLite file and into MariaDB, each up to the
// height that holds --restore-genesis statements, and from the newest
// snapshot to the block before the next one would be taken (the farthest
// from a snapshot a restore can start).

const (
	benchRestoreInterval = 10
	// Defaults of a full run: the chain the snapshot target is stated for,
	// and genesis restores long enough to be steady.
	benchRestoreDefault        = 1_000_000
	benchRestoreGenesisDefault = 50_000
	benchRestoreQuick          = 3_000
)

// benchRestore is what the restore workload measured.
type benchRestore struct {
	ChainStatements int64            `json:"chain_statements"`
	ChainHeight     int64            `json:"chain_height"`
	LoadSeconds     float64          `json:"load_seconds"`
	Genesis         *benchRestoreRun `json:"genesis_sqlite"`
	// GenesisFloorStmtsPerSec is the floor of the restore into SQLite
	// (bench_floor.go): SQLite writing the restored file's rows itself.
	GenesisFloorStmtsPerSec float64          `json:"genesis_sqlite_floor_statements_per_sec,omitempty"`
	GenesisMariaDB          *benchRestoreRun `json:"genesis_mariadb,omitempty"`
	// GenesisMariaDBFloorStmtsPerSec is the floor of the restore into
	// MariaDB: the server writing the restored rows itself.
	GenesisMariaDBFloorStmtsPerSec float64 `json:"genesis_mariadb_floor_statements_per_sec,omitempty"`
	// GenesisRuns and GenesisMariaDBRuns are the times of the
	// benchRestoreRuns restores from genesis whose median Genesis and
	// GenesisMariaDB are, in order.
	GenesisRuns        []float64 `json:"genesis_sqlite_runs_seconds,omitempty"`
	GenesisMariaDBRuns []float64 `json:"genesis_mariadb_runs_seconds,omitempty"`
	// FromSnapshot is the median of benchSnapshotRuns restores from the
	// snapshot; FromSnapshotRuns are their times, in order.
	FromSnapshot     *benchRestoreRun `json:"from_snapshot_sqlite"`
	FromSnapshotRuns []float64        `json:"from_snapshot_runs_seconds,omitempty"`
}

// benchRestoreRuns is how many times each restore runs; the report
// keeps the median and lists every run. The first copy of the snapshot
// (about 1 GB of a 1M-statement chain) is the first time the machine
// writes that much new memory: on the VMs this was measured on, that
// alone made it 1.5–2× slower than the next ones (its writes cost 2.6 s
// of system time, then ~1 s). The first restore from genesis, right after
// the node that wrote the chain stopped, took 1.34 s where the next three
// took 0.92–1.05 s (52,502 statements into SQLite).
const benchRestoreRuns = 3

// benchRestoreRun is one `blocksql replay`.
type benchRestoreRun struct {
	Output      string  `json:"output"`
	StartHeight int64   `json:"start_height"`
	ToHeight    int64   `json:"to_height"`
	Statements  int64   `json:"statements_applied"`
	Seconds     float64 `json:"seconds"`
	StmtsPerSec float64 `json:"statements_per_sec"`
}

// runBenchRestore loads the chain and runs the three restores.
func runBenchRestore(ctx context.Context, o benchOptions, be *benchBackend, dir string, rep *benchReport) (*benchRestore, error) {
	home, tip, stmts, load, err := benchRestoreChain(ctx, o, filepath.Join(dir, "restore"))
	if err != nil {
		return nil, err
	}
	r := &benchRestore{ChainStatements: stmts, ChainHeight: tip, LoadSeconds: benchRound(load.Seconds())}
	syscall.Sync() // the load's writes reach the disk before a restore is timed
	to, err := benchHeightOfStatement(home, min(o.restoreGenesis, o.restoreStatements))
	if err != nil {
		return r, err
	}
	fmt.Fprintf(o.progress, "  %-14s %-16s from genesis into SQLite, to height %d ...\n", "engine", "restore", to)
	if r.Genesis, r.GenesisRuns, err = benchMedianReplay(ctx, home, to, true, func(int) string {
		return "sqlite:" + filepath.Join(dir, "genesis.db") // replaced by each run; the floor reads the last
	}, nil); err != nil {
		return r, err
	}
	fmt.Fprintf(o.progress, "  %-14s %-16s the floor: SQLite writing the restored rows itself ...\n", "engine", "restore")
	floor, err := benchRestoreFloorOf(ctx, filepath.Join(dir, "genesis.db"), filepath.Join(dir, "genesis-floor.db"), int(to))
	if err != nil {
		return r, fmt.Errorf("restore floor: %w", err)
	}
	r.GenesisFloorStmtsPerSec = benchRound(float64(r.Genesis.Statements) / floor.Seconds())
	for _, suffix := range []string{"", "-journal"} {
		os.Remove(filepath.Join(dir, "genesis-floor.db"+suffix))
	}
	fmt.Fprintf(o.progress, "  %-14s %-16s from the newest snapshot into SQLite ...\n", "engine", "restore")
	if err := benchSnapshotRestores(ctx, home, tip, dir, r); err != nil {
		return r, err
	}
	if err := be.serverReachable(ctx); err != nil {
		rep.Notes = append(rep.Notes, fmt.Sprintf("restore into MariaDB skipped: no server at --mysql-dsn %s (%v)", o.mysqlDSN, err))
		return r, nil
	}
	fmt.Fprintf(o.progress, "  %-14s %-16s from genesis into MariaDB, to height %d ...\n", "engine", "restore", to)
	be.usedServer = true
	if r.GenesisMariaDB, r.GenesisMariaDBRuns, err = benchMedianReplay(ctx, home, to, true, func(int) string {
		return "mysql:" + be.dsn + "#" + be.prefix + "restore_"
	}, nil); err != nil {
		return r, err
	}
	fmt.Fprintf(o.progress, "  %-14s %-16s the floor: MariaDB writing the restored rows itself ...\n", "engine", "restore")
	mFloor, err := benchMariaDBFloor(ctx, be.dsn, be.prefix+"restore_", be.prefix+"floor_", int(to))
	if err != nil {
		return r, fmt.Errorf("restore floor: %w", err)
	}
	r.GenesisMariaDBFloorStmtsPerSec = benchRound(float64(r.GenesisMariaDB.Statements) / mFloor.Seconds())
	return r, nil
}

// benchSnapshotRestores restores from the newest snapshot
// benchRestoreRuns times, each into a new file removed after it, and
// keeps the median run in r.
func benchSnapshotRestores(ctx context.Context, home string, tip int64, dir string, r *benchRestore) error {
	path := func(i int) string { return filepath.Join(dir, fmt.Sprintf("snapshot-%d.db", i)) }
	var err error
	r.FromSnapshot, r.FromSnapshotRuns, err = benchMedianReplay(ctx, home, tip, false,
		func(i int) string { return "sqlite:" + path(i) },
		func(i int) {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(path(i) + suffix)
			}
		})
	return err
}

// benchMedianReplay runs benchReplay benchRestoreRuns times, run i into
// out(i) (then clean(i), if given), and returns the median run and the
// seconds of every run in order.
func benchMedianReplay(ctx context.Context, home string, to int64, noSnapshots bool, out func(int) string,
	clean func(int)) (*benchRestoreRun, []float64, error) {
	var runs []*benchRestoreRun
	var secs []float64
	for i := range benchRestoreRuns {
		run, err := benchReplay(ctx, home, to, noSnapshots, out(i))
		if err != nil {
			return nil, secs, err
		}
		if clean != nil {
			clean(i)
		}
		runs = append(runs, run)
		secs = append(secs, run.Seconds)
	}
	sorted := slices.Clone(runs)
	slices.SortFunc(sorted, func(a, b *benchRestoreRun) int { return cmp.Compare(a.Seconds, b.Seconds) })
	return sorted[len(sorted)/2], secs, nil
}

// benchReplay runs `blocksql replay --to-height to --output out` as an
// operator runs it, in a process of its own, and times it from start to
// exit. Run inside the benchmark's process, after the node that wrote the
// chain and with its heap and caches, the same restore took ~45% longer
// (53,002 statements of a 1,020,005-statement chain: 1.89 s inside
// `blocksql bench`, 1.28–1.32 s for `blocksql replay` in three runs).
func benchReplay(ctx context.Context, home string, to int64, noSnapshots bool, out string) (*benchRestoreRun, error) {
	bin, err := benchExecutable()
	if err != nil {
		return nil, err
	}
	args := []string{"replay", "--home", home, "--to-height", strconv.FormatInt(to, 10), "--output", out, "--json", "--force"}
	if noSnapshots {
		args = append(args, "--no-snapshots")
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// A profile of the benchmark is the benchmark's: the restore must not
	// write over it.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BLOCKSQL_CPUPROFILE=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("replay to %d into %s: %v\n%s", to, out, err, stderr.String())
	}
	secs := time.Since(start).Seconds()
	var rep replay.Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		return nil, fmt.Errorf("replay to %d into %s: its report: %w", to, out, err)
	}
	return &benchRestoreRun{Output: strings.SplitN(out, ":", 2)[0], StartHeight: rep.StartHeight, ToHeight: rep.Stop.Height,
		Statements: rep.Statements, Seconds: benchRound(secs), StmtsPerSec: benchRound(float64(rep.Statements) / secs)}, nil
}

// benchRestoreChain starts a node, writes the chain, turns snapshots on
// and waits for one at the tip, then writes blocks up to the height just
// before the next snapshot (the farthest a restore with snapshots can be
// from one) and stops the node. It returns the node's home, that height,
// the chain's statements and how long loading took.
func benchRestoreChain(ctx context.Context, o benchOptions, dir string) (home string, tip int64, stmts int64, load time.Duration, err error) {
	homes, err := singleValidator{}.initHomes(dir)
	if err != nil {
		return "", 0, 0, 0, err
	}
	home = homes[0]
	n, err := startBenchNode(ctx, home, &DatabaseConfig{Driver: "sqlite", DSN: "data/blocksql.db"}, nil, o.log)
	if err != nil {
		return "", 0, 0, 0, err
	}
	defer n.stop()
	fmt.Fprintf(o.progress, "  %-14s %-16s loading %d statements (%d submitters, %d single-row INSERTs per transaction) ...\n",
		"engine", "restore", o.restoreStatements, benchRestoreSubmitters, benchRestorePerTx)
	l, err := newBenchLoader(ctx, n)
	if err != nil {
		return "", 0, 0, 0, err
	}
	start := time.Now()
	if err := l.load(ctx, o.restoreStatements); err != nil {
		return "", 0, 0, 0, fmt.Errorf("load the restore chain: %w", err)
	}
	// Snapshots start once the chain is written: each copies the whole
	// database, and one every few blocks of a growing database would make
	// loading quadratic. The next commit takes the first.
	stopSnapshots := startSnapshots(ctx, home, SnapshotConfig{Interval: benchRestoreInterval, Retain: 2}, n.engine, o.log)
	defer stopSnapshots()
	if err := l.tx(ctx, 1); err != nil {
		return "", 0, 0, 0, err
	}
	snap, err := l.waitSnapshot(ctx, home)
	if err != nil {
		return "", 0, 0, 0, err
	}
	// Rounds of the full run's size (about 36,000 statements in all) on a
	// full chain, fewer on a short one.
	perTx := min(benchRestorePerTx, max(o.restoreStatements/2000, 1))
	for n.engine.Height() < snap+benchRestoreInterval-1 {
		if err := l.round(ctx, perTx); err != nil {
			return "", 0, 0, 0, err
		}
	}
	load = time.Since(start)
	stopSnapshots()
	n.stop()
	return home, snap + benchRestoreInterval - 1, l.next.Load(), load, nil
}

// benchLoader writes the restore chain through the node's Submit, as the
// proxy hands it a client's transaction of many INSERTs.
type benchLoader struct {
	node  *consensus.Node
	sql   string // the statement, with parameters
	canon string
	next  atomic.Int64 // next id, and so the statements written
}

const (
	benchRestoreSubmitters = 8
	benchRestorePerTx      = 500
)

func newBenchLoader(ctx context.Context, n *benchNode) (*benchLoader, error) {
	l := &benchLoader{node: n.node, sql: "INSERT INTO t (id, k, v) VALUES (?, ?, ?)"}
	nodes, err := replay.Parse(replay.NewParser(), l.sql)
	if err == nil {
		l.canon, err = replay.Canonical(nodes[0])
	}
	if err != nil {
		return nil, err
	}
	for _, s := range []string{"CREATE DATABASE r", "CREATE TABLE r.t (id BIGINT PRIMARY KEY, k INT NOT NULL, v VARCHAR(60) NOT NULL)"} {
		if err := l.submit(ctx, &consensus.Tx{Statements: []consensus.Statement{{SQL: s, Canonical: s}}}); err != nil {
			return nil, err
		}
	}
	return l, nil
}

func (l *benchLoader) submit(ctx context.Context, tx *consensus.Tx) error {
	tx.User, tx.ClientAddr = "root", "127.0.0.1:1"
	res, err := l.node.Submit(ctx, tx)
	if err == nil && !res.OK() {
		err = fmt.Errorf("statement %d of a load transaction failed: %s", res.Failed, res.Statements[res.Failed].Message)
	}
	return err
}

// tx submits one transaction of up to rows INSERTs of the next ids.
func (l *benchLoader) tx(ctx context.Context, rows int) error {
	tx := &consensus.Tx{Database: "r"}
	for range rows {
		id := l.next.Add(1) - 1
		tx.Statements = append(tx.Statements, consensus.Statement{SQL: l.sql, Canonical: l.canon, Params: []consensus.Value{
			{Kind: consensus.KindInt, Int: id}, {Kind: consensus.KindInt, Int: id % 1000},
			{Kind: consensus.KindString, Bytes: fmt.Appendf(nil, "value-%d", id)}}})
	}
	return l.submit(ctx, tx)
}

// load writes total statements from concurrent submitters.
func (l *benchLoader) load(ctx context.Context, total int) error {
	errs := make([]error, benchRestoreSubmitters)
	var wg sync.WaitGroup
	for c := range errs {
		wg.Go(func() {
			for errs[c] == nil && l.next.Load() < int64(total) {
				errs[c] = l.tx(ctx, min(benchRestorePerTx, max(total-int(l.next.Load()), 1)))
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// round is one transaction of rows INSERTs from each submitter: about
// one block.
func (l *benchLoader) round(ctx context.Context, rows int) error {
	errs := make([]error, benchRestoreSubmitters)
	var wg sync.WaitGroup
	for c := range errs {
		wg.Go(func() { errs[c] = l.tx(ctx, rows) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// waitSnapshot commits one-statement blocks until the node takes a
// snapshot at its tip (or just below it: after a block that changed the
// AppHash, consensus makes an empty one to commit it), and returns its
// height. A node snapshots after a
// commit at least an interval past its last snapshot, unless one is being
// taken: so it commits up to that height, waits, and commits once more if
// the snapshot does not come.
func (l *benchLoader) waitSnapshot(ctx context.Context, home string) (int64, error) {
	var waited time.Time
	for deadline := time.Now().Add(10 * time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var last int64
		if list, _ := replay.ListSnapshots(filepath.Join(home, SnapshotDir)); len(list) > 0 {
			last = list[len(list)-1].Height
		}
		tip := l.node.Height()
		switch {
		case last >= tip-1: // the block after a write only commits its AppHash
			return last, nil
		case tip >= last+benchRestoreInterval && (waited.IsZero() || time.Since(waited) < time.Minute):
			if waited.IsZero() {
				waited = time.Now()
			}
			continue
		}
		waited = time.Time{}
		if err := l.tx(ctx, 1); err != nil {
			return 0, err
		}
	}
	return 0, errors.New("no snapshot at the tip after 10 minutes")
}

// benchHeightOfStatement is the height of the block holding the chain's
// n-th statement, read from the operation log of the node's database.
func benchHeightOfStatement(home string, n int) (int64, error) {
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(home, "data/blocksql.db")+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var h int64
	err = db.QueryRow(`SELECT height FROM "blocksql.statements" ORDER BY height LIMIT 1 OFFSET ?`, n-1).Scan(&h)
	return h, err
}
