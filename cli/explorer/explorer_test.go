package explorer_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/blocksql/blocksql/cli/explorer"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/replay/audit/audittest"
)

// recorder keeps the queries the explorer runs, to explain them.
type recorder struct {
	drivers.Driver
	mu      sync.Mutex
	queries []query
}

type query struct {
	sql  string
	args []any
}

func (r *recorder) QueryInternal(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	r.mu.Lock()
	r.queries = append(r.queries, query{q, args})
	r.mu.Unlock()
	return r.Driver.QueryInternal(ctx, q, args...)
}

func (r *recorder) take() []query {
	r.mu.Lock()
	defer r.mu.Unlock()
	q := r.queries
	r.queries = nil
	return q
}

// syntheticLog opens a SQLite database holding a synthetic operation log
// of n statements (see audittest).
func syntheticLog(tb testing.TB, n int) *recorder {
	tb.Helper()
	d, err := sqlite.Open(filepath.Join(tb.TempDir(), "log.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	if err := audittest.Build(context.Background(), d, n); err != nil {
		tb.Fatal(err)
	}
	return &recorder{Driver: d}
}

// page is one explorer page and a text it must show.
type page struct {
	name, path, want string
}

// pages are the explorer's pages over a synthetic log of n statements:
// statement k is in block audittest.Height(k), transaction
// audittest.TxHash(k), and changes row (k*7919)%Keys of table
// app.t<(k/Users)%Tables>.
func pages(n int) []page {
	tip, mid := audittest.Tip(n), audittest.Height(n/2)
	k := n / 2
	table := fmt.Sprintf("app.t%d", (k/audittest.Users)%audittest.Tables)
	key := (k * 7919) % audittest.Keys
	return []page{
		{"blocks", "/", fmt.Sprintf(`href="/block/%d"`, tip)},
		{"blocks-older", fmt.Sprintf("/?before=%d", mid), fmt.Sprintf(`href="/block/%d"`, mid-1)},
		{"block", fmt.Sprintf("/block/%d", mid), audittest.TxHash(k)},
		{"block-page2", fmt.Sprintf("/block/%d?offset=5", mid), "user"},
		{"tx", "/tx/" + audittest.TxHash(k), fmt.Sprintf("WHERE id = %d", key)},
		{"tx-prefix", "/tx/" + audittest.TxHash(k)[:10], fmt.Sprintf("WHERE id = %d", key)},
		{"history", fmt.Sprintf("/history?table=%s&key=%d", table, key), fmt.Sprintf("id=%d v=", key)},
		{"history-page2", fmt.Sprintf("/history?table=%s&key=%d&after=1", table, key), fmt.Sprintf("id=%d v=", key)},
		{"diff-100-blocks", fmt.Sprintf("/diff?table=%s&from=%d&to=%d", table, mid-1, mid+99), fmt.Sprintf("[%d]", key)},
		{"diff-whole-chain", fmt.Sprintf("/diff?table=%s&from=0&to=%d", table, tip), `id="next"`},
		{"diff-page2", fmt.Sprintf("/diff?table=%s&from=0&to=%d&after=1000", table, tip), "update"},
	}
}

func get(tb testing.TB, url string) string {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: %d %v\n%.3000s", url, resp.StatusCode, err, b)
	}
	return string(b)
}

// checkPage loads a page and looks for the text it must show.
func checkPage(tb testing.TB, base string, p page) {
	tb.Helper()
	if body := get(tb, base+p.path); !strings.Contains(body, p.want) {
		tb.Errorf("%s (%s): want %q in\n%.3000s", p.name, p.path, p.want, body)
	}
}

// logTables are the operation-log tables a page must never read whole.
var logTables = []string{"blocks", "transactions", "statements", "statement_tables", "row_changes"}

// TestPagesUseIndexes loads every explorer page over a synthetic log and
// asks SQLite how it runs each query the page ran: every read of an
// operation-log table must be a search of an index (or the primary key),
// never a scan of the table or of a whole index, so a page costs the same
// on a chain of a million statements. BenchmarkExplorerPages measures it.
func TestPagesUseIndexes(t *testing.T) {
	const n = 3000
	rec := syntheticLog(t, n)
	srv := httptest.NewServer(explorer.New(rec, nil, nil).Handler())
	defer srv.Close()
	for _, p := range pages(n) {
		checkPage(t, srv.URL, p)
		for _, q := range rec.take() {
			plan := explain(t, rec.Driver, q)
			for _, line := range plan {
				if scansLog(line) && !limitedScan(q.sql, plan) {
					t.Errorf("%s (%s) scans an operation-log table:\n%s\nplan:\n%s", p.name, p.path, q.sql, strings.Join(plan, "\n"))
				}
			}
		}
	}
}

// scansLog reports whether an EXPLAIN QUERY PLAN line reads a whole
// operation-log table or index ("SCAN x" or "SCAN x USING ... INDEX"):
// indexed reads are "SEARCH".
func scansLog(line string) bool {
	if !strings.HasPrefix(line, "SCAN ") {
		return false
	}
	for _, t := range logTables {
		if strings.Contains(line, t) {
			return true
		}
	}
	// An alias: the explorer's queries name log tables s, t, st and rc.
	f := strings.Fields(line)
	switch f[1] {
	case "s", "t", "st", "rc":
		return true
	}
	return false
}

// limitedScan reports whether a scan reads only the rows it returns: the
// query has no condition and a LIMIT, and the rows come in the order of
// the index scanned (no temporary B-tree sorts them), so the scan stops
// after LIMIT rows. The newest blocks are read so.
func limitedScan(q string, plan []string) bool {
	if strings.Contains(q, " WHERE ") || !strings.Contains(q, " LIMIT ") {
		return false
	}
	for _, line := range plan {
		if strings.Contains(line, "TEMP B-TREE") {
			return false
		}
	}
	return true
}

func explain(tb testing.TB, d drivers.Driver, q query) []string {
	tb.Helper()
	rows, err := d.QueryInternal(context.Background(), "EXPLAIN QUERY PLAN "+q.sql, q.args...)
	if err != nil {
		tb.Fatalf("explain %s: %v", q.sql, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			tb.Fatal(err)
		}
		out = append(out, detail)
	}
	return out
}

// BenchmarkExplorerPages measures each explorer page, fetched over HTTP,
// on a synthetic log of 1,000,000 statements (100,000 blocks; building it
// takes a few minutes):
//
//	go test -tags sqlite_preupdate_hook ./cli/explorer -run '^$' -bench ExplorerPages -benchtime 100x
func BenchmarkExplorerPages(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a 1,000,000-statement log")
	}
	n := audittest.Statements
	rec := syntheticLog(b, n)
	srv := httptest.NewServer(explorer.New(rec, nil, nil).Handler())
	defer srv.Close()
	for _, p := range pages(n) {
		checkPage(b, srv.URL, p)
		rec.take()
		b.Run(p.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				get(b, srv.URL+p.path)
			}
		})
		rec.take()
	}
}
