package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"text/tabwriter"
	"time"
)

// benchCell is one (target, workload, clients) measurement.
type benchCell struct {
	Target   string  `json:"target"`
	Workload string  `json:"workload"`
	Clients  int     `json:"clients"`
	Seconds  float64 `json:"seconds"`
	Ops      int64   `json:"ops"`
	Rows     int64   `json:"rows_written"`
	Errors   int64   `json:"errors"`
	// Retries are transactions that ended in 1213 and ran again; AbortRate
	// is retries ÷ (ops + retries).
	Retries    int64   `json:"retries"`
	AbortRate  float64 `json:"abort_rate"`
	FirstError string  `json:"first_error,omitempty"`
	OpsPerSec  float64 `json:"ops_per_sec"`
	RowsPerSec float64 `json:"rows_per_sec"`
	P50Ms      float64 `json:"p50_ms"`
	P95Ms      float64 `json:"p95_ms"`
	P99Ms      float64 `json:"p99_ms"`
	CPUSeconds float64 `json:"cpu_seconds"`
	PeakRSSMiB float64 `json:"peak_rss_mib"`
	// Row counts after the cell; nil where there is no table (consensus).
	RowsExpected *int64 `json:"rows_expected,omitempty"`
	RowsActual   *int64 `json:"rows_actual,omitempty"`
	// Ratios of a blocksql cell to the baselines at the same client count:
	// throughput ÷ baseline throughput, and p50 ÷ baseline p50.
	VsDirect       float64 `json:"throughput_vs_direct,omitempty"`
	P50VsDirect    float64 `json:"p50_vs_direct,omitempty"`
	VsConsensus    float64 `json:"throughput_vs_consensus,omitempty"`
	P50VsConsensus float64 `json:"p50_vs_consensus,omitempty"`
	// P50VsMariaDB is p50 ÷ MariaDB's over TCP (point-select).
	P50VsMariaDB float64 `json:"p50_vs_mariadb_tcp,omitempty"`
}

func (s benchSample) cell(target, workload string, clients int) benchCell {
	slices.Sort(s.lat)
	secs := s.wall.Seconds()
	c := benchCell{
		Target: target, Workload: workload, Clients: clients, Seconds: benchRound(secs),
		Ops: s.ops, Rows: s.rows, Errors: s.errs,
		OpsPerSec: benchRound(float64(s.ops) / secs), RowsPerSec: benchRound(float64(s.rows) / secs),
		P50Ms: benchPercentile(s.lat, 50), P95Ms: benchPercentile(s.lat, 95), P99Ms: benchPercentile(s.lat, 99),
		CPUSeconds: benchRound(s.cpu.Seconds()), PeakRSSMiB: benchRound(float64(s.rss) / (1 << 20)),
	}
	if s.firstErr != nil {
		c.FirstError = s.firstErr.Error()
	}
	c.Retries = s.retries
	if tries := s.ops + s.retries; tries > 0 {
		c.AbortRate = float64(s.retries) / float64(tries)
	}
	return c
}

// benchPercentile of sorted latencies, in milliseconds (nearest rank).
func benchPercentile(sorted []time.Duration, p int) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := max((len(sorted)*p+99)/100-1, 0)
	return benchRound(float64(sorted[i]) / float64(time.Millisecond))
}

func benchRound(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 6, 64), 64)
	return v
}

// benchHeadline are the figures the latency and throughput goals are
// stated in; nil where the run did not measure them.
type benchHeadline struct {
	InsertP50Ms1Client      *float64 `json:"insert_p50_ms_1_client"`
	InsertOpsPerSec64       *float64 `json:"insert_ops_per_sec_64_clients"`
	InsertOpsPerSec512      *float64 `json:"insert_ops_per_sec_512_clients"`
	PointSelectP50MsProxy   *float64 `json:"point_select_p50_ms_proxy_1_client"`
	PointSelectP50MsDirect  *float64 `json:"point_select_p50_ms_direct_1_client"`
	PointSelectP50RatioDB   *float64 `json:"point_select_p50_proxy_vs_direct"`
	PointSelectP50MsMariaDB *float64 `json:"point_select_p50_ms_mariadb_tcp_1_client"`
	PointSelectOpsRatioDB16 *float64 `json:"point_select_throughput_proxy_vs_direct_16_clients"`
}

// benchReport is everything one run measured; it is the JSON written.
type benchReport struct {
	Started     time.Time     `json:"started"`
	Finished    time.Time     `json:"finished"`
	Command     []string      `json:"command"`
	Backend     string        `json:"backend"`
	Topology    string        `json:"topology"`
	RawSigner   string        `json:"raw_consensus_signer"` // --raw-signer
	CellSeconds float64       `json:"cell_seconds"`
	Preload     int           `json:"preload_rows"`
	Workloads   []string      `json:"workloads"`
	Clients     []int         `json:"clients"`
	GoVersion   string        `json:"go_version"`
	Platform    string        `json:"platform"`
	NumCPU      int           `json:"num_cpu"`
	Cells       []benchCell   `json:"cells"`
	Apply       *benchApply   `json:"apply,omitempty"`
	Restore     *benchRestore `json:"restore,omitempty"`
	Headline    benchHeadline `json:"headline"`
	// Goals are the performance targets, each with its figure and the
	// baseline it is a ratio of, from this run.
	Goals []benchGoal `json:"goals"`
	// Notes say what the run left out and why (a baseline server missing).
	Notes []string `json:"notes,omitempty"`
	// Failures lists cells with errors or with a row count that differs
	// from what their clients were told was written.
	Failures []string `json:"failures"`
}

func newBenchReport(o benchOptions) *benchReport {
	return &benchReport{
		Started: time.Now().UTC(), Command: os.Args, Backend: o.backend, Topology: o.topology.Name(), RawSigner: o.rawSigner,
		CellSeconds: o.duration.Seconds(), Preload: o.preload, Workloads: o.workloads, Clients: o.clients,
		GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH, NumCPU: runtime.NumCPU(),
		Failures: []string{},
	}
}

// add records a cell and whether it passed verification.
func (r *benchReport) add(c benchCell) {
	r.Cells = append(r.Cells, c)
	where := fmt.Sprintf("%s %s, %d clients", c.Target, c.Workload, c.Clients)
	if c.Errors > 0 {
		r.Failures = append(r.Failures, fmt.Sprintf("%s: %d errors (first: %s)", where, c.Errors, c.FirstError))
	}
	if c.RowsExpected != nil && *c.RowsExpected != *c.RowsActual {
		r.Failures = append(r.Failures, fmt.Sprintf("%s: table has %d rows, acknowledged writes make %d",
			where, *c.RowsActual, *c.RowsExpected))
	}
}

// finish computes the ratios and the headline figures.
func (r *benchReport) finish() {
	r.Finished = time.Now().UTC()
	for i := range r.Cells {
		c := &r.Cells[i]
		switch c.Target {
		case benchTargetBlocksql:
		case benchTargetWire, benchTargetWireGrouped, benchTargetWireRows: // compared with raw consensus only
			r.vsConsensus(c)
			continue
		default:
			continue
		}
		if m := r.find(benchMariaDBTargets, c.Workload, c.Clients); m != nil {
			c.P50VsMariaDB = benchRatio(c.P50Ms, m.P50Ms)
		}
		if d := r.find(benchDirectTargets, c.Workload, c.Clients); d != nil {
			c.VsDirect, c.P50VsDirect = benchRatio(c.OpsPerSec, d.OpsPerSec), benchRatio(c.P50Ms, d.P50Ms)
		}
		r.vsConsensus(c)
	}
	r.Headline = r.headline()
	r.Goals = r.goals()
}

// vsConsensus compares a write cell with raw consensus at its client count.
func (r *benchReport) vsConsensus(c *benchCell) {
	if k := r.find([]string{benchTargetConsensus}, benchConsensusWorkload, c.Clients); k != nil && c.Workload != "point-select" {
		c.VsConsensus, c.P50VsConsensus = benchRatio(c.OpsPerSec, k.OpsPerSec), benchRatio(c.P50Ms, k.P50Ms)
	}
}

var (
	benchDirectTargets  = []string{benchTargetSQLite, benchTargetMariaDB}
	benchMariaDBTargets = []string{benchTargetMariaDBTCP, benchTargetMariaDB}
)

func (r *benchReport) find(targets []string, workload string, clients int) *benchCell {
	for i, c := range r.Cells {
		if slices.Contains(targets, c.Target) && c.Workload == workload && c.Clients == clients {
			return &r.Cells[i]
		}
	}
	return nil
}

func benchRatio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return benchRound(a / b)
}

func (r *benchReport) headline() benchHeadline {
	var h benchHeadline
	pick := func(targets []string, w string, clients int, f func(*benchCell) float64) *float64 {
		if c := r.find(targets, w, clients); c != nil && c.Ops > 0 {
			v := f(c)
			return &v
		}
		return nil
	}
	proxy := []string{benchTargetBlocksql}
	p50 := func(c *benchCell) float64 { return c.P50Ms }
	tput := func(c *benchCell) float64 { return c.OpsPerSec }
	h.InsertP50Ms1Client = pick(proxy, "insert", 1, p50)
	h.InsertOpsPerSec64 = pick(proxy, "insert", 64, tput)
	h.InsertOpsPerSec512 = pick(proxy, "insert", 512, tput)
	h.PointSelectP50MsProxy = pick(proxy, "point-select", 1, p50)
	h.PointSelectP50MsDirect = pick(benchDirectTargets, "point-select", 1, p50)
	h.PointSelectP50RatioDB = pick(proxy, "point-select", 1, func(c *benchCell) float64 { return c.P50VsDirect })
	h.PointSelectP50MsMariaDB = pick(benchMariaDBTargets, "point-select", 1, p50)
	h.PointSelectOpsRatioDB16 = pick(proxy, "point-select", 16, func(c *benchCell) float64 { return c.VsDirect })
	return h
}

// write prints the table (or the JSON) and saves the JSON under o.out.
func (r *benchReport) write(o benchOptions) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if o.json {
		fmt.Fprintln(o.stdout, string(b))
	} else {
		r.printTable(o.stdout)
		r.printHeadline(o.stdout)
	}
	if o.out == "" {
		return nil
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return fmt.Errorf("bench results: %w", err)
	}
	name := filepath.Join(o.out, "bench-"+r.Started.Format("20060102-150405")+".json")
	for _, p := range []string{name, filepath.Join(o.out, "latest.json")} {
		if err := os.WriteFile(p, append(b, '\n'), 0o644); err != nil {
			return fmt.Errorf("bench results: %w", err)
		}
	}
	fmt.Fprintf(o.progress, "wrote %s and latest.json\n", name)
	return nil
}

func (r *benchReport) printTable(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "target\tworkload\tclients\tops\terrors\taborts %\tops/s\trows/s\tp50 ms\tp95 ms\tp99 ms\tcpu s\trss MiB\trows ok\tx direct\tx consensus\t")
	for _, c := range r.Cells {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%.2f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n",
			c.Target, c.Workload, c.Clients, c.Ops, c.Errors, 100*c.AbortRate, benchNum(c.OpsPerSec), benchNum(c.RowsPerSec),
			benchNum(c.P50Ms), benchNum(c.P95Ms), benchNum(c.P99Ms), benchNum(c.CPUSeconds), benchNum(c.PeakRSSMiB),
			benchRowsOK(c), benchNum(c.VsDirect), benchNum(c.VsConsensus))
	}
	tw.Flush()
}

func (r *benchReport) printHeadline(w io.Writer) {
	h := r.Headline
	fmt.Fprintf(w, "\nHeadline (%s backend, %s):\n", r.Backend, r.Topology)
	fmt.Fprintf(w, "  insert p50 latency, 1 client:              %s ms\n", benchOpt(h.InsertP50Ms1Client))
	fmt.Fprintf(w, "  insert throughput, 64 clients:             %s ops/s\n", benchOpt(h.InsertOpsPerSec64))
	fmt.Fprintf(w, "  insert throughput, 512 clients:            %s ops/s\n", benchOpt(h.InsertOpsPerSec512))
	fmt.Fprintf(w, "  point-select p50, 1 client, proxy:         %s ms\n", benchOpt(h.PointSelectP50MsProxy))
	fmt.Fprintf(w, "  point-select p50, 1 client, same DB direct: %s ms\n", benchOpt(h.PointSelectP50MsDirect))
	fmt.Fprintf(w, "  point-select p50 proxy / direct:           %s x\n", benchOpt(h.PointSelectP50RatioDB))
	fmt.Fprintf(w, "  point-select throughput proxy / direct, 16 clients: %s x\n", benchOpt(h.PointSelectOpsRatioDB16))
	fmt.Fprintf(w, "  point-select p50, 1 client, MariaDB over TCP: %s ms\n", benchOpt(h.PointSelectP50MsMariaDB))
	r.printEngine(w)
	r.printGoals(w)
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	if len(r.Failures) > 0 {
		fmt.Fprintf(w, "\nFAILED verification:\n")
		for _, f := range r.Failures {
			fmt.Fprintf(w, "  %s\n", f)
		}
	}
}

// benchNum prints a figure with the precision it deserves: whole numbers
// from 100 up, three significant digits below.
func benchNum(f float64) string {
	switch {
	case f == 0:
		return "-"
	case f >= 100:
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	return strconv.FormatFloat(f, 'g', 3, 64)
}

func benchOpt(f *float64) string {
	if f == nil {
		return "n/a (not measured in this run)"
	}
	return benchNum(*f)
}

func benchRowsOK(c benchCell) string {
	switch {
	case c.RowsExpected == nil:
		return "-"
	case *c.RowsExpected == *c.RowsActual:
		return "yes"
	}
	return fmt.Sprintf("NO %d/%d", *c.RowsActual, *c.RowsExpected)
}
