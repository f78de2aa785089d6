package cli

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape reads /metrics and parses the exposition format.
func scrape(t *testing.T, addr string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// metricValue is the value of the series name{labels}: a counter, gauge
// or a histogram's count; -1 when absent.
func metricValue(fams map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	f := fams[name]
	if f == nil {
		return -1
	}
next:
	for _, m := range f.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for i := 0; i+1 < len(labels); i += 2 {
			if have[labels[i]] != labels[i+1] {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return -1
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestMetricsMoveWithWrites scrapes /metrics before, while and after
// clients write, and checks the health endpoints, SHOW GLOBAL STATUS and
// `blocksql status` report the same node.
func TestMetricsMoveWithWrites(t *testing.T) {
	home, port := newHome(t, "sqlite", "")
	n := start(t, home, port)
	cfg, err := loadConfig(home)
	if err != nil {
		t.Fatal(err)
	}
	addr := cfg.Metrics.Listen
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, body := httpGet(t, "http://"+addr+path); code != http.StatusOK {
			t.Errorf("%s: %d %s", path, code, body)
		}
	}
	db := n.db(t, "")
	mustExec(t, db, "CREATE DATABASE shop")
	mustExec(t, db, "CREATE TABLE shop.items (id INT PRIMARY KEY, name TEXT)")
	before := scrape(t, addr)
	// A second client updates rows the whole time, so every scrape after
	// the first happens while writes are in flight; the inserts are
	// counted exactly, in two halves around the middle scrape.
	const writes = 30
	stop, updating := make(chan struct{}), make(chan int, 1)
	go func() { updating <- updateUntil(db, stop) }()
	if err := writeItems(db, 1, writes/2); err != nil {
		t.Fatal(err)
	}
	during := scrape(t, addr)
	if err := writeItems(db, writes/2+1, writes); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO shop.items VALUES (1, 'again')"); err == nil {
		t.Fatal("duplicate key accepted")
	}
	after := scrape(t, addr)
	close(stop)
	if n := <-updating; n == 0 {
		t.Error("no update ran while the inserts did")
	}
	for _, f := range []string{"blocksql_connections", "cometbft_consensus_height", "go_goroutines"} {
		if metricValue(during, f) < 0 {
			t.Errorf("%s missing while writing", f)
		}
	}
	for _, f := range []string{"blocksql_statements_total", "blocksql_write_seconds", "blocksql_block_apply_seconds",
		"blocksql_block_commit_seconds", "blocksql_applied_height", "blocksql_chain_height", "blocksql_mempool_txs",
		"blocksql_peers", "blocksql_halted", "blocksql_oplog_lag_blocks", "blocksql_snapshot_age_blocks",
		"blocksql_snapshot_age_seconds", "blocksql_connections_total"} {
		if during[f] == nil {
			t.Errorf("%s not exported", f)
		}
	}
	checkMoved(t, "first half", before, during, writes/2, 0)
	checkMoved(t, "second half", during, after, writes-writes/2, 1)
	if v := metricValue(after, "blocksql_halted"); v != 0 {
		t.Errorf("blocksql_halted = %v", v)
	}
	// The local commit of the last answered block follows its answer by a
	// moment (consensus/DESIGN.md, "Early answers"); the lag is 0 once it is
	// done (a clean-clone run under load once read 1 at the first scrape).
	lag := metricValue(scrape(t, addr), "blocksql_oplog_lag_blocks")
	for deadline := time.Now().Add(2 * time.Second); lag != 0 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		lag = metricValue(scrape(t, addr), "blocksql_oplog_lag_blocks")
	}
	if lag != 0 {
		t.Errorf("blocksql_oplog_lag_blocks = %v after the writes were answered", lag)
	}
	checkGlobalStatus(t, db, writes)
	checkStatusCommand(t, home)
}

// writeItems inserts items from..to, one autocommit statement each.
func writeItems(db *sql.DB, from, to int) error {
	for i := from; i <= to; i++ {
		if _, err := db.Exec("INSERT INTO shop.items VALUES (?, ?)", i, fmt.Sprint("item ", i)); err != nil {
			return err
		}
	}
	return nil
}

// updateUntil updates a row until stop is closed; it returns how many
// updates were answered.
func updateUntil(db *sql.DB, stop chan struct{}) int {
	for n := 0; ; n++ {
		select {
		case <-stop:
			return n
		default:
		}
		if _, err := db.Exec("UPDATE shop.items SET name = 'item 1' WHERE id = 1"); err != nil {
			return n
		}
	}
}

// checkMoved: between two scrapes the counters grew by what the clients
// did: inserts answered ok and failed, write latencies observed, blocks
// applied and committed, the height.
func checkMoved(t *testing.T, what string, before, after map[string]*dto.MetricFamily, inserts, failed int) {
	t.Helper()
	grew := func(name string, min float64, labels ...string) {
		b, a := metricValue(before, name, labels...), metricValue(after, name, labels...)
		if b < 0 || a-b < min {
			t.Errorf("%s: %s%v: %v before, %v after; want it to grow by at least %v", what, name, labels, b, a, min)
		}
	}
	grew("blocksql_statements_total", float64(inserts), "kind", "insert", "outcome", "ok")
	grew("blocksql_statements_total", float64(failed), "kind", "insert", "outcome", "error")
	grew("blocksql_write_seconds", float64(inserts+failed))
	grew("blocksql_block_apply_seconds", 1)
	grew("blocksql_block_commit_seconds", 1)
	grew("blocksql_applied_height", 1)
	grew("cometbft_consensus_height", 1)
}

// checkGlobalStatus: SHOW GLOBAL STATUS counts what the clients did.
func checkGlobalStatus(t *testing.T, db *sql.DB, writes int) {
	t.Helper()
	rows, err := db.Query("SHOW GLOBAL STATUS")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]int64{}
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			t.Fatal(err)
		}
		var v int64
		fmt.Sscan(value, &v)
		got[name] = v
	}
	if got["Com_insert"] < int64(writes)+1 || got["Questions"] < int64(writes)+3 || got["Threads_connected"] < 1 ||
		got["Com_create_table"] != 1 || got["Uptime"] < 0 {
		t.Errorf("SHOW GLOBAL STATUS: %v", got)
	}
}

// checkStatusCommand: `blocksql status` asks the running node.
func checkStatusCommand(t *testing.T, home string) {
	t.Helper()
	out, stderr, code := runCLI(t, "status", "--home", home, "--json")
	var rep statusReport
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil {
		t.Fatalf("status: exit %d\n%s%s", code, out, stderr)
	}
	if !rep.Running || rep.Height < 2 || rep.AppliedHeight < 2 || rep.Validators != 1 || rep.Halted ||
		rep.DatabaseBytes <= 0 || time.Since(rep.LastBlockTime) > time.Hour {
		t.Errorf("status: %+v", rep)
	}
	text, _, _ := runCLI(t, "status", "--home", home)
	if !strings.Contains(strings.Join(strings.Fields(text), " "), "running yes") {
		t.Errorf("status text:\n%s", text)
	}
}
