package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/blocksql/blocksql/consensus"
)

func init() { register(newBenchCmd) }

// benchOptions are the parsed flags of one run.
type benchOptions struct {
	workloads []string
	clients   []int
	duration  time.Duration
	backend   string
	mysqlDSN  string
	out       string
	json      bool
	preload   int
	// The engine workloads' sizes: apply's quick size, the restore chain's
	// statements, and how many of them the restores from genesis apply.
	quickEngine       bool
	restoreStatements int
	restoreGenesis    int
	topology          benchTopology
	rawSigner         string // raw consensus's signer: benchSignerStock or benchSignerBlocksql
	level             string // node log level
	stdout            io.Writer
	progress          io.Writer // one line per cell as it starts
	log               *slog.Logger
}

// The raw consensus baseline's signers (--raw-signer).
const (
	benchSignerStock    = "stock"
	benchSignerBlocksql = "blocksql"
)

// Defaults of a full run. With the default duration, every workload at
// every client count against blocksql and the direct database, plus the
// consensus cells, takes about eight minutes.
const (
	benchDefaultWorkloads = "insert,insert-batch,update,point-select,read-write,apply,restore"
	benchDefaultClients   = "1,16,64,256,512"
	benchDefaultDuration  = 8 * time.Second
	benchDefaultPreload   = 10_000
	benchQuickDuration    = time.Second
	benchQuickClients     = "1,16"
	benchQuickPreload     = 1_000
)

// errBenchFailed is returned when a cell had errors or its table did not
// hold the rows its clients were told were written.
var errBenchFailed = errors.New("benchmark verification failed")

// benchFlags are the raw flag values, turned into benchOptions by options.
type benchFlags struct {
	workloads, clients, backend, dsn, out, level string
	topology, rawSigner                          string
	duration                                     time.Duration
	quick, json, inProcess                       bool
	preload, restore, restoreGenesis             int
}

// newBenchCmd runs blocksql and its baselines side by side, so every figure
// it prints is also a ratio against what the same machine does without
// blocksql: the local database used directly, and raw consensus.
func newBenchCmd() *cobra.Command {
	var bf benchFlags
	c := &cobra.Command{
		Use:   "bench",
		Short: "benchmark blocksql against the local database and raw consensus",
		Long: "bench runs each workload at each client count against a fresh blocksql node, the local\n" +
			"database used directly and raw consensus, then checks every acknowledged row is there.",
		Example: "  blocksql bench --quick\n  blocksql bench --workloads insert,point-select --clients 1,64 --duration 5s\n" +
			"  blocksql bench --backend mysql --mysql-dsn 'root@tcp(127.0.0.1:3306)/' --json",
		RunE: func(cmd *cobra.Command, _ []string) error {
			o, err := bf.options(cmd.Flags().Changed)
			if err != nil {
				return err
			}
			return runBenchCmd(cmd.Context(), o)
		},
	}
	f := c.Flags()
	f.StringVar(&bf.workloads, "workloads", benchDefaultWorkloads, "comma-separated workloads: "+strings.Join(benchWorkloadNames(), ","))
	f.StringVar(&bf.clients, "clients", benchDefaultClients, "comma-separated client counts; each client has its own connection")
	f.DurationVar(&bf.duration, "duration", benchDefaultDuration, "measured time of each (target, workload, clients) cell")
	f.StringVar(&bf.topology, "topology", "single-validator", "network to start on 127.0.0.1: single-validator or N-validators (e.g. 4-validators)")
	f.BoolVar(&bf.inProcess, "in-process", false, "N-validators: run the validators in the bench process instead of as separate `blocksql start` processes")
	f.BoolVar(&bf.quick, "quick", false, "1s cells with 1 and 16 clients (flags given explicitly still win)")
	f.StringVar(&bf.backend, "backend", "sqlite", "local database of the node and of the direct baseline: sqlite or mysql")
	f.StringVar(&bf.dsn, "mysql-dsn", "root@tcp(127.0.0.1:3306)/", "MariaDB/MySQL server for --backend mysql")
	f.StringVar(&bf.out, "out", "bench-results", "directory for bench-<timestamp>.json and latest.json (empty: none)")
	f.BoolVar(&bf.json, "json", false, "print the JSON report instead of the table")
	f.IntVar(&bf.preload, "preload", benchDefaultPreload, "rows loaded before the update, point-select and read-write cells")
	f.IntVar(&bf.restore, "restore-statements", benchRestoreDefault, "restore workload: single-row INSERT statements in the chain it restores")
	f.IntVar(&bf.restoreGenesis, "restore-genesis", benchRestoreGenesisDefault, "restore workload: statements of that chain restored from genesis into SQLite and MariaDB")
	f.StringVar(&bf.rawSigner, "raw-signer", benchSignerStock, "raw consensus baseline's validator signer: stock (CometBFT's FilePV, as CometBFT ships) or blocksql (the signer blocksql nodes use)")
	f.StringVar(&bf.level, "log-level", "warn", "node log level: debug, info, warn or error")
	return c
}

func runBenchCmd(ctx context.Context, o benchOptions) error {
	rep, runErr := runBench(ctx, o)
	if rep == nil {
		return runErr
	}
	if err := rep.write(o); err != nil {
		return errors.Join(runErr, err)
	}
	if runErr != nil {
		return runErr
	}
	if len(rep.Failures) > 0 {
		return fmt.Errorf("%w:\n  %s", errBenchFailed, strings.Join(rep.Failures, "\n  "))
	}
	return nil
}

// options checks the flags; set tells which ones the operator gave.
func (bf benchFlags) options(set func(string) bool) (benchOptions, error) {
	if bf.quick {
		applyQuick(set, &bf.duration, &bf.clients, &bf.preload)
		if !set("restore-statements") {
			bf.restore = benchRestoreQuick
		}
	}
	log, err := newLogger(bf.level)
	if err != nil {
		return benchOptions{}, err
	}
	o := benchOptions{
		duration: bf.duration, backend: bf.backend, mysqlDSN: bf.dsn, out: bf.out, json: bf.json,
		preload: bf.preload, quickEngine: bf.quick, restoreStatements: bf.restore, restoreGenesis: bf.restoreGenesis,
		stdout: os.Stdout, progress: os.Stderr, log: log, level: bf.level, rawSigner: bf.rawSigner,
	}
	topo, err := parseTopology(bf.topology, bf.inProcess)
	if err != nil {
		return o, err
	}
	o.topology = topo
	return o, o.parseLists(bf.workloads, bf.clients)
}

// parseTopology reads --topology: "single-validator" or "N-validators",
// the latter as separate processes unless inProcess.
func parseTopology(s string, inProcess bool) (benchTopology, error) {
	if s == "single-validator" {
		return singleValidator{}, nil
	}
	var n int
	if _, err := fmt.Sscanf(s, "%d-validators", &n); err != nil || n < 1 || fmt.Sprintf("%d-validators", n) != s {
		return nil, &UsageError{Msg: fmt.Sprintf("unknown topology %q", s), Hint: "blocksql bench --topology 4-validators"}
	}
	if n == 1 {
		return singleValidator{}, nil
	}
	return validatorNetwork{n: n, inProcess: inProcess}, nil
}

// applyQuick shortens what the operator did not set explicitly.
func applyQuick(set func(string) bool, duration *time.Duration, clients *string, preload *int) {
	if !set("duration") {
		*duration = benchQuickDuration
	}
	if !set("clients") {
		*clients = benchQuickClients
	}
	if !set("preload") {
		*preload = benchQuickPreload
	}
}

func (o *benchOptions) parseLists(workloads, clients string) error {
	known := benchWorkloadNames()
	for _, w := range splitList(workloads) {
		if !slices.Contains(known, w) {
			return &UsageError{Msg: fmt.Sprintf("unknown workload %q", w), Hint: "blocksql bench --workloads " + benchDefaultWorkloads}
		}
		o.workloads = append(o.workloads, w)
	}
	for _, c := range splitList(clients) {
		n, err := strconv.Atoi(c)
		if err != nil || n < 1 {
			return &UsageError{Msg: fmt.Sprintf("bad client count %q", c), Hint: "blocksql bench --clients " + benchDefaultClients}
		}
		o.clients = append(o.clients, n)
	}
	switch {
	case len(o.workloads) == 0 || len(o.clients) == 0:
		return &UsageError{Msg: "no workloads or no client counts", Hint: "blocksql bench --quick"}
	case o.backend != "sqlite" && o.backend != "mysql":
		return &UsageError{Msg: fmt.Sprintf("unknown backend %q", o.backend), Hint: "blocksql bench --backend sqlite"}
	case o.duration <= 0 || o.preload < 1:
		return &UsageError{Msg: "--duration and --preload must be positive", Hint: "blocksql bench --duration 10s"}
	case o.rawSigner != benchSignerStock && o.rawSigner != benchSignerBlocksql:
		return &UsageError{Msg: fmt.Sprintf("unknown --raw-signer %q", o.rawSigner), Hint: "blocksql bench --raw-signer stock"}
	case o.restoreStatements < 1 || o.restoreGenesis < 1:
		return &UsageError{Msg: "--restore-statements and --restore-genesis must be positive", Hint: "blocksql bench --workloads restore --restore-statements 100000"}
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// runBench runs every target in turn: blocksql, the direct database, then
// raw consensus. A report is returned even when a target failed to start,
// with what was measured before.
func runBench(ctx context.Context, o benchOptions) (*benchReport, error) {
	dir, err := os.MkdirTemp("", "blocksql-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	be := newBenchBackend(o)
	defer be.cleanup(o.log)
	rep := newBenchReport(o)
	fmt.Fprintf(o.progress, "blocksql bench: %s backend, %s topology, %d workloads x %d client counts, %s per cell\n",
		o.backend, o.topology.Name(), len(o.workloads), len(o.clients), o.duration)
	err = runBenchTargets(ctx, o, be, dir, rep)
	rep.finish()
	return rep, err
}

func runBenchTargets(ctx context.Context, o benchOptions, be *benchBackend, dir string, rep *benchReport) error {
	if benchHasSQL(o.workloads) {
		if err := runBenchSQLTargets(ctx, o, be, dir, rep); err != nil {
			return err
		}
	}
	return runBenchEngine(ctx, o, be, dir, rep)
}

// runBenchEngine runs the workloads that measure the apply engine and
// restores rather than clients.
func runBenchEngine(ctx context.Context, o benchOptions, be *benchBackend, dir string, rep *benchReport) error {
	var err error
	if slices.Contains(o.workloads, "apply") {
		if rep.Apply, err = runBenchApply(ctx, o, dir); err != nil {
			return err
		}
	}
	if slices.Contains(o.workloads, "restore") {
		rep.Restore, err = runBenchRestore(ctx, o, be, dir, rep)
	}
	return err
}

func runBenchSQLTargets(ctx context.Context, o benchOptions, be *benchBackend, dir string, rep *benchReport) error {
	homes, err := benchRunProxy(ctx, o, be, dir, rep)
	if err != nil {
		return err
	}
	if err := benchRunDirect(ctx, o, be, homes, rep); err != nil {
		return err
	}
	if err := benchRunMariaDBTCP(ctx, o, be, rep); err != nil {
		return err
	}
	if !benchHasWrites(o.workloads) {
		return nil
	}
	return benchRunConsensus(ctx, o, dir, rep)
}

// benchRunProxy measures the workloads through blocksql's MySQL frontend
// and returns the node homes, whose local databases the direct baseline
// then opens.
func benchRunProxy(ctx context.Context, o benchOptions, be *benchBackend, dir string, rep *benchReport) ([]string, error) {
	if v, ok := o.topology.(validatorNetwork); ok && !v.inProcess {
		pc, err := startProcessCluster(ctx, v.n, dir+"/blocksql", be, o.level)
		if err != nil {
			return nil, err
		}
		defer pc.stop()
		t := proxyTarget(pc.addrs)
		t.cpu = func() time.Duration { return benchCPU() + pc.cpu() }
		return pc.homes, runSQLTarget(ctx, o, t, rep, pc.health)
	}
	cl, err := startBenchCluster(ctx, o.topology, dir+"/blocksql", be, benchApplyEngine, o.log)
	if err != nil {
		return nil, err
	}
	defer cl.stop()
	stop, err := profileFromEnv()
	if err != nil {
		return nil, err
	}
	defer stop()
	t := proxyTarget(cl.mysqlAddrs)
	return cl.homes, runSQLTarget(ctx, o, t, rep, cl.health)
}

func benchRunDirect(ctx context.Context, o benchOptions, be *benchBackend, homes []string, rep *benchReport) error {
	t, err := be.directTarget(homes)
	if err != nil {
		return err
	}
	return runSQLTarget(ctx, o, t, rep, nil)
}

// benchRunMariaDBTCP measures point-select against MariaDB over TCP
// beside a SQLite node (with --backend mysql the direct target already is
// that), or notes why it could not.
func benchRunMariaDBTCP(ctx context.Context, o benchOptions, be *benchBackend, rep *benchReport) error {
	if be.kind == "mysql" || !slices.Contains(o.workloads, "point-select") {
		return nil
	}
	if err := be.serverReachable(ctx); err != nil {
		msg := fmt.Sprintf("MariaDB over TCP baseline skipped: no server at --mysql-dsn %s (%v)", o.mysqlDSN, err)
		fmt.Fprintln(o.progress, "  "+msg)
		rep.Notes = append(rep.Notes, msg)
		return nil
	}
	t, err := be.mariadbTarget(benchTargetMariaDBTCP)
	if err != nil {
		return err
	}
	only := o
	only.workloads, only.clients = []string{"point-select"}, nil
	free, err := be.serverFreeConnections(ctx)
	if err != nil {
		return err
	}
	for _, c := range o.clients {
		if c <= free {
			only.clients = append(only.clients, c)
		} else {
			rep.Notes = append(rep.Notes, fmt.Sprintf("MariaDB over TCP point-select at %d clients skipped: the server takes %d more connections (max_connections)", c, free))
		}
	}
	if len(only.clients) == 0 {
		return nil
	}
	return runSQLTarget(ctx, only, t, rep, nil)
}

// benchRunConsensus measures raw consensus: CometBFT as it ships, its
// FilePV signing (unless --raw-signer blocksql), on nodes that apply
// nothing; then the wire floor, on such nodes signing as blocksql's do
// (consensus/signer.go), since it bounds what blocksql's own stack allows,
// and last the wire floor with the disk (bench_wire_rows.go).
func benchRunConsensus(ctx context.Context, o benchOptions, dir string, rep *benchReport) error {
	var opts []consensus.NodeOption
	if o.rawSigner == benchSignerStock {
		opts = append(opts, consensus.WithStockSigner())
	}
	cl, err := startBenchCluster(ctx, o.topology, dir+"/consensus", nil, benchApplyNoop, o.log, opts...)
	if err != nil {
		return err
	}
	err = runConsensusCells(ctx, o, cl, rep)
	cl.stop()
	if err != nil || !slices.Contains(o.workloads, "insert") {
		return err
	}
	if cl, err = startBenchCluster(ctx, o.topology, dir+"/wire", nil, benchApplyNoop, o.log); err != nil {
		return err
	}
	err = runWireCells(ctx, o, cl, rep, benchTargetWire, benchTargetWireGrouped)
	cl.stop()
	if err != nil {
		return err
	}
	if cl, err = startBenchCluster(ctx, o.topology, dir+"/wire-rows", nil, benchApplyRows, o.log); err != nil {
		return err
	}
	defer cl.stop()
	return runWireCells(ctx, o, cl, rep, benchTargetWireRows)
}

// profileFromEnv starts a CPU profile of the whole process into the file
// BLOCKSQL_CPUPROFILE names (none when it is unset) and returns what stops
// it: bench profiles its blocksql cells (clients, proxy, consensus and
// apply engine; the baselines are not in the profile), start the node's
// whole run.
func profileFromEnv() (func(), error) {
	path := os.Getenv("BLOCKSQL_CPUPROFILE")
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
